/**
 * What travels on the `yiwang_events` channel (written by migrations/010_live.sql) and what a
 * browser receives on GET /api/live. The channel carries where the event sits and who reported
 * it, so each connection can be filtered by the user's scope; a browser gets only what it needs
 * to refresh: the id, serial number, status, light and jurisdiction.
 */

export const LIVE_CHANNEL = 'yiwang_events';

/** One event inserted ('created') or updated ('updated') by a committed transaction. */
export interface EventNotification {
  kind: 'created' | 'updated';
  schema: string;
  id: number;
  serialNo: string;
  status: string;
  light: string;
  jurisdictionCode: string;
  countyCode: string | null;
  townCode: string | null;
  villageCode: string | null;
  gridCode: string | null;
  reporterId: number | null;
}

/** One statement changed many events at once (a bulk load, a sweep); `counties` holds them. */
export interface BulkNotification {
  kind: 'bulk';
  schema: string;
  count: number;
  counties: string[];
}

export type LiveNotification = EventNotification | BulkNotification;

/** What a browser receives. `resync`: some notifications may have been missed (the listener reconnected) — reload. */
export type LiveMessage =
  | {
      kind: 'created' | 'updated';
      id: number;
      serialNo: string;
      status: string;
      light: string;
      jurisdictionCode: string;
    }
  | { kind: 'bulk'; count: number }
  | { kind: 'resync' };

/** Parses a channel payload; null for anything this version does not understand. */
export function parseNotification(payload: string): LiveNotification | null {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!data || data.v !== 1 || typeof data.schema !== 'string') return null;
  if (data.kind === 'bulk') {
    return {
      kind: 'bulk',
      schema: data.schema,
      count: Number(data.count) || 0,
      counties: Array.isArray(data.counties) ? data.counties.filter((c): c is string => typeof c === 'string') : [],
    };
  }
  if ((data.kind !== 'created' && data.kind !== 'updated') || typeof data.id !== 'number') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    kind: data.kind,
    schema: data.schema,
    id: data.id,
    serialNo: text(data.serialNo) ?? '',
    status: text(data.status) ?? '',
    light: text(data.light) ?? '',
    jurisdictionCode: text(data.jurisdictionCode) ?? '',
    countyCode: text(data.countyCode),
    townCode: text(data.townCode),
    villageCode: text(data.villageCode),
    gridCode: text(data.gridCode),
    reporterId: typeof data.reporterId === 'number' ? data.reporterId : null,
  };
}

export function messageFor(n: LiveNotification): LiveMessage {
  if (n.kind === 'bulk') return { kind: 'bulk', count: n.count };
  return {
    kind: n.kind,
    id: n.id,
    serialNo: n.serialNo,
    status: n.status,
    light: n.light,
    jurisdictionCode: n.jurisdictionCode,
  };
}
