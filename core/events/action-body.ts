/**
 * The body of one action on an event (POST /api/events/:id/actions/:action), as a type both sides
 * share: the server's request schema (server/events/event.schemas.ts `ActionBody`) is checked
 * against it at compile time, and the web app's forms build it (web/src/api/events.ts). A field
 * added to one and not the other fails `npm run typecheck`.
 */

/** At most this many attachments go with one action (uploaded first: POST /api/attachments). */
export const ACTION_ATTACHMENTS_MAX = 9;

export interface EventActionBody {
  /** 办理意见: a reason, a result; required by the actions whose rule says so (ACTION_RULES). */
  note?: string;
  /** Attachments the actor uploaded and has not used yet; linked to the event with this action. */
  attachmentIds?: string[];
  /** Optimistic concurrency: the version the user saw. */
  version?: number;
  /** merge: the event this one duplicates. */
  targetEventId?: number;
  /** dispatch / redispatch / reassign: send to this jurisdiction's responsible people. */
  jurisdictionCode?: string;
  /** reassign / assign: these people … */
  personIds?: number[];
  /** … and/or these departments (the first leads, the others assist: 吹哨报到). */
  departmentIds?: number[];
  /** supervise: the due date set by the supervisor; request_extension: the date asked for. */
  dueAt?: string;
  /** consult: who took part (会商研判). */
  participants?: string[];
}
