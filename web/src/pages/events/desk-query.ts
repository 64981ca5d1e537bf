/**
 * The event desk's state lives in the address (/events?risk=red&statusKind=open&page=2): a
 * filtered list can be bookmarked and shared, survives a reload, and the back button returns to
 * it from an event. Links from elsewhere (the dashboard's drill-down, a KPI card) use the same
 * names — listed in web/README.md. The names are the list API's own (GET /api/events, ListQuery)
 * except `from`/`to`, which also take a China-time day (YYYY-MM-DD).
 *
 * Reading is forgiving: unknown values are dropped, so an old or hand-written link shows a list
 * rather than a validation error. Defaults are left out of the address: no parameter at all
 * means the open events, newest first, page 1 of 20.
 */
import { CHANNELS, EVENT_TYPES, RISK_LEVELS } from '../../../../core/events/event-catalog';
import { EVENT_STATUSES } from '../../../../core/events/event-workflow';
import { TIERS } from '../../../../core/deadlines/tiers';
import type { EventListQuery } from '../../api/events';
import { isDivisionCode, STATUS_KINDS } from '../../domain';
import { dayOrInstant, instantOf } from '../../lib/time';
export const LIGHTS = ['green', 'yellow', 'red'] as const;
export const SORTS = ['reported_at', 'updated_at', 'risk_level', 'serial_no'] as const;
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** `statusKind=all`: every state (no parameter means the open ones). */
export const ALL_STATUS_KINDS = 'all';

export type Sort = (typeof SORTS)[number];

/** What the detail page gets in the history entry's state: the list's query, for its back link. */
export interface DeskLinkState {
  deskSearch: string;
}

export interface DeskState {
  statusKind: string[];
  status: string[];
  type: string[];
  channel: string[];
  risk: string[];
  light: string[];
  tier: string[];
  /** A county, town, village or grid code: its subtree only. */
  jurisdiction?: string;
  category?: string;
  highRisk?: boolean;
  mine?: boolean;
  suspended?: boolean;
  q: string;
  /** A China-time day (YYYY-MM-DD, from its start / to its end) or an instant (ISO 8601). */
  from?: string;
  to?: string;
  sort: Sort;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** The list-valued filters, each limited to the values the API knows. */
const LISTS: Record<'statusKind' | 'status' | 'type' | 'channel' | 'risk' | 'light' | 'tier', readonly string[]> = {
  statusKind: STATUS_KINDS,
  status: EVENT_STATUSES,
  type: EVENT_TYPES,
  channel: CHANNELS,
  risk: RISK_LEVELS,
  light: LIGHTS,
  tier: TIERS,
};
type ListKey = keyof typeof LISTS;
const LIST_KEYS = Object.keys(LISTS) as ListKey[];

export const DEFAULT_STATE: DeskState = {
  statusKind: ['open'],
  status: [],
  type: [],
  channel: [],
  risk: [],
  light: [],
  tier: [],
  q: '',
  sort: 'reported_at',
  order: 'desc',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

function values(params: URLSearchParams, key: string, allowed: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of params.getAll(key))
    for (const v of raw.split(',')) if (allowed.includes(v.trim()) && !out.includes(v.trim())) out.push(v.trim());
  return out;
}

function flag(params: URLSearchParams, key: string): boolean | undefined {
  const v = params.get(key);
  return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
}

function integer(params: URLSearchParams, key: string, min: number, max: number): number | undefined {
  const v = Number(params.get(key));
  return params.get(key) !== null && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

export function parseDeskSearch(params: URLSearchParams): DeskState {
  const state: DeskState = { ...DEFAULT_STATE };
  for (const key of LIST_KEYS) state[key] = values(params, key, LISTS[key]);
  // no statusKind (and no exact status) → the open events; statusKind=all → every state
  if (!params.has('statusKind') && !state.status.length) state.statusKind = [...DEFAULT_STATE.statusKind];
  const jurisdiction = params.get('jurisdiction')?.trim();
  if (jurisdiction && isDivisionCode(jurisdiction)) state.jurisdiction = jurisdiction;
  const category = params.get('category')?.trim();
  if (category) state.category = category.slice(0, 64);
  state.highRisk = flag(params, 'highRisk');
  state.mine = flag(params, 'mine');
  state.suspended = flag(params, 'suspended');
  state.q = (params.get('q') ?? '').trim().slice(0, 100);
  state.from = dayOrInstant(params.get('from'));
  state.to = dayOrInstant(params.get('to'));
  const sort = params.get('sort');
  if ((SORTS as readonly string[]).includes(sort ?? '')) state.sort = sort as Sort;
  const order = params.get('order');
  if (order === 'asc' || order === 'desc') state.order = order;
  state.page = integer(params, 'page', 1, 100000) ?? 1;
  state.pageSize = integer(params, 'pageSize', 1, 100) ?? DEFAULT_PAGE_SIZE;
  return state;
}

/** The address's query for a state: defaults left out, lists as repeated keys. */
export function deskSearchOf(state: DeskState): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_KEYS) {
    if (key === 'statusKind') continue;
    for (const v of state[key]) params.append(key, v);
  }
  const defaultKinds = !state.status.length && state.statusKind.length === 1 && state.statusKind[0] === 'open';
  // the open events are the default only without an exact status: say so when they are asked for with one
  if (!state.statusKind.length) {
    if (!state.status.length) params.set('statusKind', ALL_STATUS_KINDS);
  } else if (!defaultKinds) for (const v of state.statusKind) params.append('statusKind', v);
  if (state.jurisdiction) params.set('jurisdiction', state.jurisdiction);
  if (state.category) params.set('category', state.category);
  for (const key of ['highRisk', 'mine', 'suspended'] as const)
    if (state[key] !== undefined) params.set(key, String(state[key]));
  if (state.q.trim()) params.set('q', state.q.trim());
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== DEFAULT_STATE.sort || state.order !== DEFAULT_STATE.order) {
    params.set('sort', state.sort);
    params.set('order', state.order);
  }
  if (state.page !== 1) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(state.pageSize));
  return params;
}

/** The list API's query for a state. */
export function listQueryOf(state: DeskState): EventListQuery {
  return {
    statusKind: state.statusKind,
    status: state.status,
    type: state.type,
    channel: state.channel,
    risk: state.risk,
    light: state.light,
    tier: state.tier,
    jurisdiction: state.jurisdiction,
    category: state.category,
    highRisk: state.highRisk,
    mine: state.mine,
    suspended: state.suspended,
    q: state.q.trim() || undefined,
    from: state.from ? instantOf(state.from, 'start') : undefined,
    to: state.to ? instantOf(state.to, 'end') : undefined,
    sort: state.sort,
    order: state.order,
    page: state.page,
    pageSize: state.pageSize,
  };
}
