import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, deskSearchOf, listQueryOf, parseDeskSearch } from './desk-query';

const parse = (search: string) => parseDeskSearch(new URLSearchParams(search));
const roundTrip = (search: string) => deskSearchOf(parse(search)).toString();

describe('the desk address', () => {
  it('means the open events, newest first, page 1 of 20 when empty — and writes nothing for the defaults', () => {
    expect(parse('')).toEqual(DEFAULT_STATE);
    expect(deskSearchOf(DEFAULT_STATE).toString()).toBe('');
    const query = listQueryOf(parse(''));
    expect(query).toMatchObject({ statusKind: ['open'], sort: 'reported_at', order: 'desc', page: 1, pageSize: 20 });
  });

  it('reads the names a dashboard link uses, lists repeated or comma-separated', () => {
    const state = parse(
      'risk=red&statusKind=open&statusKind=resolved&type=hazard,dispute&light=red&tier=town&channel=hotline_12345&jurisdiction=620999100001&q=%20wire%20&page=3&pageSize=50&sort=updated_at&order=asc',
    );
    expect(state).toMatchObject({
      risk: ['red'],
      statusKind: ['open', 'resolved'],
      type: ['hazard', 'dispute'],
      light: ['red'],
      tier: ['town'],
      jurisdiction: '620999100001',
      q: 'wire',
      page: 3,
      pageSize: 50,
      sort: 'updated_at',
      order: 'asc',
    });
  });

  it('drops what the API would refuse, so an old or hand-made link still shows a list', () => {
    const state = parse(
      'risk=purple,red&statusKind=gone&light=blue&jurisdiction=62&page=0&pageSize=1000&sort=title&order=up&from=yesterday&mine=maybe',
    );
    expect(state.risk).toEqual(['red']);
    expect(state.statusKind).toEqual([]); // asked for, but nothing valid: every state rather than a guess
    expect(state.light).toEqual([]);
    expect(state.jurisdiction).toBeUndefined();
    expect(state.page).toBe(1);
    expect(state.pageSize).toBe(20);
    expect(state.sort).toBe('reported_at');
    expect(state.order).toBe('desc');
    expect(state.from).toBeUndefined();
    expect(state.mine).toBeUndefined();
  });

  it('statusKind=all lifts the open-only default; an exact status does too', () => {
    expect(parse('statusKind=all').statusKind).toEqual([]);
    expect(listQueryOf(parse('statusKind=all')).statusKind).toEqual([]);
    expect(roundTrip('statusKind=all')).toBe('statusKind=all');
    // a dashboard's "closed this month" link must not be narrowed to the open events
    expect(parse('status=closed').statusKind).toEqual([]);
    expect(roundTrip('status=closed')).toBe('status=closed');
    expect(roundTrip('status=closed&statusKind=open')).toBe('status=closed&statusKind=open');
  });

  it('writes back what it read', () => {
    for (const search of [
      'risk=red&statusKind=resolved',
      'type=hazard&type=dispute&jurisdiction=620999100001005&page=2',
      'category=hazard.fire&highRisk=true&mine=true&suspended=false',
      'q=wire&from=2026-11-01&to=2026-11-24&sort=risk_level&order=asc&pageSize=50',
    ]) {
      expect(new URLSearchParams(roundTrip(search)).toString(), search).toBe(new URLSearchParams(search).toString());
    }
  });

  it('takes days in China time, and instants as they are', () => {
    const query = listQueryOf(parse('from=2026-11-01&to=2026-11-24'));
    expect(query.from).toBe('2026-10-31T16:00:00.000Z');
    expect(query.to).toBe('2026-11-24T15:59:59.999Z');
    expect(listQueryOf(parse('from=2026-11-01T00:00:00%2B08:00')).from).toBe('2026-10-31T16:00:00.000Z');
  });
});
