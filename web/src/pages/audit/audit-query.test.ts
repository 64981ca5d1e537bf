import { describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, auditQueryOf, auditSearchOf, parseAuditSearch } from './audit-query';

describe('the audit page address', () => {
  it('reads the filters the API knows and drops what it would refuse', () => {
    const filters = parseAuditSearch(
      new URLSearchParams(
        'action=%20POST%20/api/events/*%20&targetType=events&targetId=12&jurisdiction=6209&actorId=-3&from=2026-11-01&to=not-a-date&x=1',
      ),
    );
    expect(filters).toEqual({ action: 'POST /api/events/*', targetType: 'events', targetId: '12', from: '2026-11-01' });
    expect(parseAuditSearch(new URLSearchParams('jurisdiction=620999100000&actorId=7'))).toEqual({
      jurisdiction: '620999100000',
      actorId: 7,
    });
  });

  it('writes the filters back without the empty ones, and round-trips', () => {
    const filters = {
      action: 'POST /api/auth/login',
      jurisdiction: '620999100000',
      actorId: 7,
      to: '2026-11-02',
      targetType: '',
    };
    const search = auditSearchOf(filters);
    expect(search.toString()).toBe(
      'action=POST+%2Fapi%2Fauth%2Flogin&jurisdiction=620999100000&actorId=7&to=2026-11-02',
    );
    expect(parseAuditSearch(search)).toEqual({
      action: 'POST /api/auth/login',
      jurisdiction: '620999100000',
      actorId: 7,
      to: '2026-11-02',
    });
  });

  it('asks the API for a page of the filtered trail, China-time days as instants, continuing before an id', () => {
    expect(auditQueryOf({})).toEqual({ limit: AUDIT_PAGE_SIZE });
    expect(auditQueryOf({ from: '2026-11-01', to: '2026-11-01', targetType: 'events' }, 120)).toEqual({
      limit: AUDIT_PAGE_SIZE,
      targetType: 'events',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-01T15:59:59.999Z',
      before: 120,
    });
  });
});
