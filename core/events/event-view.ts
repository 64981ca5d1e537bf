/**
 * 按角色裁剪: what of an event each viewer is sent — one rule for the detail, the intake answer, an
 * action's answer and the list. A field a viewer may not see is left out of the answer, not blanked.
 *
 * - **The public view** — a citizen on their own report: what the tracking page shows (the report as
 *   they made it, its status and the steps it went through with their times) and their own numbers
 *   in clear. Never who handles it, what they wrote to each other, the deadlines or the handlers'
 *   phones (随手拍 "never the handlers' names or notes").
 * - **The staff view** — everyone who works events (and a pool member on a mediation task): the
 *   event with its assignees, history, deadlines and extension requests.
 * - **Contacts** — the handlers' phones (一键拨号) go only to those who may call them: the event's
 *   active handlers and the supervisors over it; not a mediator, not a cadre who merely sees the
 *   village's events. The same rule answers GET /api/events/:id/contacts.
 *
 * Pure: the server says how the viewer stands to the event (event-access.ts).
 */
import type { Role } from '../access/roles.js';

export interface EventViewer {
  role: Role;
}

export interface ViewerRelation {
  isAssignee: boolean;
  inScope: boolean;
  isReporter: boolean;
}

export interface EventView {
  audience: 'public' | 'staff';
  /** The handlers' phones. */
  contacts: boolean;
}

/** Whether a viewer may read the phones of an event's handlers and centre (一键拨号). */
export function mayReadContacts(
  viewer: EventViewer,
  relation: Pick<ViewerRelation, 'isAssignee' | 'inScope'>,
): boolean {
  return viewer.role !== 'citizen' && (relation.isAssignee || relation.inScope);
}

export function eventViewOf(viewer: EventViewer, relation: ViewerRelation): EventView {
  // a citizen who is not the reporter sees the event only through a mediation task of theirs (乡贤, volunteers)
  const audience = viewer.role === 'citizen' && relation.isReporter ? 'public' : 'staff';
  return { audience, contacts: audience === 'staff' && mayReadContacts(viewer, relation) };
}

/** The fields of an event a citizen reporter is sent: the report as made, where it stands, and its tracking code. */
export const PUBLIC_EVENT_FIELDS = [
  'id',
  'serialNo',
  'title',
  'description',
  'channel',
  'channelName',
  'eventType',
  'eventTypeName',
  'categoryCode',
  'categoryName',
  'status',
  'statusName',
  'statusKind',
  'jurisdictionCode',
  'jurisdictionName',
  'townName',
  'villageName',
  'address',
  'location',
  'reporterName',
  'reporterPhone',
  'reporterIdNumber',
  'reporterAnonymous',
  'reportedAt',
  'updatedAt',
  'resolvedAt',
  'closedAt',
  'version',
  'trackingToken',
] as const;

export type PublicEventField = (typeof PUBLIC_EVENT_FIELDS)[number];

/** The listed fields of an object that it has (a field it lacks stays absent). */
export function pickFields<T extends object, K extends string>(
  value: T,
  fields: readonly K[],
): Partial<Pick<T, Extract<K, keyof T>>> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (field in value) out[field] = (value as Record<string, unknown>)[field];
  return out as Partial<Pick<T, Extract<K, keyof T>>>;
}
