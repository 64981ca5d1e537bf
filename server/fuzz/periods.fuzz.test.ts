/**
 * Dates a calendar cannot count: every route that takes a month, a date or a date-time — found in
 * the schemas the app registers (server/testing/route-schemas.ts), GET and write routes alike — and
 * the work calendar's file import are called with fast-check generated months, days and instants:
 * out of the range (years 0, 99, 1999, 2100, 9999, six digits, negative), impossible (month 13,
 * 30 February, 24:00, +24:00), malformed, of the wrong type, and now and then good ones. Every
 * answer must be below 500; every refusal a code of core/errors.ts with a message; and a value
 * outside 2000-01-01 … 2099-12-31 must be refused — with the field's own code (PERIOD_INVALID
 * for a reporting period, VALIDATION_FAILED otherwise, IMPORT_HAS_ERRORS for a file's cell) —
 * never answered 200.
 *
 * FUZZ_SEED (default 20261124) fixes the run; FUZZ_RUNS (default 1) multiplies each route's runs.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Records each route's schema as the app registers it.
vi.mock('../http/validator.js', async (original) =>
  (await import('../testing/route-schemas.js')).recordingValidators(original),
);

// imported after the mock
const { createTestContext } = await import('../testing/test-context.js');
const { registeredRoutes, dateFieldsOf } = await import('../testing/route-schemas.js');
const { buildTestCounty, P, T } = await import('../testing/test-county.js');
const { ERROR_CODES } = await import('../../core/errors.js');
const { isClientDate, isClientDateTime, isClientMonth } = await import('../../core/time/client-dates.js');
const { CALENDAR_FORMATS, REFUSAL_CODE } = await import('../http/schema-primitives.js');
type TestContext = Awaited<ReturnType<typeof createTestContext>>;
type DateField = ReturnType<typeof dateFieldsOf>[number];

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Math.max(0.1, Number(process.env.FUZZ_RUNS ?? 1));
const runs = (n: number) => Math.max(1, Math.round(n * RUNS));

const pad = (n: number, width: number) =>
  n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0');

/** Years around every edge: none (0), two digits (99), the range's, the Unix epoch's, the last four-digit one. */
const year = fc.oneof(
  fc.constantFrom(0, 1, 99, 100, 1899, 1969, 1970, 1999, 2000, 2026, 2099, 2100, 2101, 9999),
  fc.integer({ min: 0, max: 9999 }),
);
const GARBAGE = [
  '',
  ' ',
  'NaN',
  'null',
  'today',
  '0',
  '-1',
  '1e309',
  '2026',
  '\u0000',
  '２０２６-０１',
  '2026-01-01%00',
  'x'.repeat(300),
];

const monthText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(year, fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${pad(y, 4)}-${pad(m, 2)}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-1',
      '26-01',
      '+02026-01',
      '-0001-01',
      '02026-01',
      '2026/01',
      '202601',
      '2026-01-01',
      '2026-01 ',
      ...GARBAGE,
    ),
  },
);
const dateText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-02-29',
      '2100-02-29',
      '2000-02-29',
      '2096-02-29',
      '1999-12-31',
      '2100-01-01',
      '2000-01-01',
      '2099-12-31',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2026-2-1',
      '+275760-09-13',
      '-000001-01-01',
      '2026-01-01T00:00:00Z',
      '20260101',
      '2026-01-01 ',
      ...GARBAGE,
    ),
  },
);
const ZONES = ['Z', 'z', '+08:00', '-12:00', '+14:00', '+23:59', '+24:00', '+08:60', '', '+0800', '+8'];
const dateTimeText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        dateText,
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom('', '.5', '.999', '.123456789'),
        fc.constantFrom(...ZONES),
        fc.constantFrom('T', ' ', 't'),
      )
      .map(([d, h, mi, s, frac, zone, sep]) => `${d}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}${zone}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1999-12-31T15:59:59.999Z',
      '1999-12-31T16:00:00Z',
      '2099-12-31T15:59:59.999Z',
      '2099-12-31T16:00:00Z',
      '2100-01-01T00:00:00+08:00',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('2026-11-24', '2026-11-24T10:00', '1764000000', ...GARBAGE) },
);
/** Where JSON carries the value: the wrong types too. */
const NOT_TEXT: unknown[] = [null, 0, -1, 2026, 1e308, true, {}, [], ['2026-01'], { month: '2026-01' }];

const textFor = (format: string) =>
  format === CALENDAR_FORMATS.month ? monthText : format === CALENDAR_FORMATS.date ? dateText : dateTimeText;
/** The oracle, written from the rule (core/time/client-dates.ts is the code under test, but its checks are the rule's words). */
const inRange = (format: string, value: unknown) =>
  typeof value === 'string' &&
  (format === CALENDAR_FORMATS.month
    ? isClientMonth(value)
    : format === CALENDAR_FORMATS.date
      ? isClientDate(value)
      : isClientDateTime(value));

interface Req {
  method: string;
  url: string;
  query?: Record<string, string>;
  payload?: unknown;
  headers?: Record<string, string>;
}

function setAt(value: unknown, at: readonly (string | number)[], replacement: unknown): unknown {
  if (!at.length) return replacement;
  const [head, ...rest] = at;
  const base = value !== null && typeof value === 'object' ? value : typeof head === 'number' ? [] : {};
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

describe('dates out of range on every route that takes one', () => {
  let ctx: TestContext;
  const auth: Record<string, { authorization: string }> = {};
  let eventA = 0;
  let secA = 0;

  async function send(user: string, req: Req) {
    const query = req.query && Object.keys(req.query).length ? '?' + new URLSearchParams(req.query).toString() : '';
    const json = req.payload !== undefined && !Buffer.isBuffer(req.payload) && typeof req.payload !== 'string';
    return ctx.app.inject({
      method: req.method as 'GET',
      url: req.url + query,
      headers: { ...auth[user], ...(json ? { 'content-type': 'application/json' } : {}), ...(req.headers ?? {}) },
      ...(req.payload === undefined ? {} : { payload: json ? JSON.stringify(req.payload) : (req.payload as string) }),
    });
  }

  /**
   * The valid request of each route that takes a date, from which one date field is replaced:
   * the route's other fields are good, so the date decides. A route with a date and no entry here
   * fails the coverage test below.
   */
  function validRequest(route: string, field: DateField): Req {
    const [method, url] = route.split(' ');
    const period = field.path[0] === 'month' || field.path[0] === 'from' || field.path[0] === 'to';
    const figures = (extra: Record<string, string>) => ({
      method,
      url,
      query: {
        ...extra,
        ...(period ? {} : { preset: 'this_month' }),
        ...(field.path[0] === 'from' ? { to: '2026-11-20' } : field.path[0] === 'to' ? { from: '2026-11-01' } : {}),
      },
    });
    switch (route) {
      case 'GET /api/analytics/kpis':
        return figures({});
      case 'GET /api/analytics/breakdown':
        return figures({ groupBy: 'town' });
      case 'GET /api/analytics/rankings':
        return figures({ level: 'village', kpi: 'completionRate' });
      case 'GET /api/analytics/drilldown':
        return figures({ kpi: 'entered', pageSize: '5' });
      case 'GET /api/analytics/village-classes':
        return { method, url, query: {} };
      case 'POST /api/analytics/village-classes/compute':
        return { method, url, payload: {} };
      case 'POST /api/briefings':
        return { method, url, payload: { kind: 'monthly', scope: T.county } };
      case 'GET /api/events':
      case 'GET /api/events/geojson':
      case 'GET /api/audit':
        return { method, url, query: {} };
      case 'POST /api/events':
        return {
          method,
          url,
          payload: { categoryCode: 'dispute.neighbour.boundary', description: '上报测试', location: P.inGridA1a },
        };
      case 'POST /api/events/:id/actions/:action':
        return { method, url: `/api/events/${eventA}/actions/supervise`, payload: { note: '督办' } };
      case 'PUT /api/events/:id/resolution-plan':
        return {
          method,
          url: `/api/events/${eventA}/resolution-plan`,
          payload: {
            responsibleJurisdictionCode: T.villageA1,
            responsiblePersonId: secA,
            steps: [{ text: '走访双方' }],
            deadline: '2027-01-01T00:00:00Z',
            mediationType: 'people',
          },
        };
      case 'POST /api/exports':
        return { method, url, payload: { format: 'csv', filters: { jurisdiction: T.county } } };
      case 'GET /api/calendar':
        return { method, url, query: { from: '2026-12-01', to: '2026-12-31' } };
      case 'GET /api/calendar/deadline':
        return { method, url, query: { amount: '3', unit: 'working_days' } };
      case 'PUT /api/calendar/overrides/:date':
        return { method, url, payload: { kind: 'workday', name: '测试' } };
      case 'DELETE /api/calendar/overrides/:date':
        return { method, url };
    }
    throw new Error(`no valid request for ${route}, which takes a date: add one to periods.fuzz.test.ts`);
  }

  /** The request with one date field set to `value`. */
  function withDate(route: string, field: DateField, value: unknown): Req {
    const req = validRequest(route, field);
    if (field.part === 'querystring')
      return { ...req, query: { ...req.query, [field.path[0] as string]: String(value) } };
    if (field.part === 'params') {
      const text = String(value);
      // a lone surrogate cannot be percent-encoded as UTF-8: send its bytes as a client would
      const segment = /[\uD800-\uDFFF]/.test(text) ? '%ED%A0%80' : encodeURIComponent(text);
      return { ...req, url: req.url.replace(`:${field.path[0]}`, segment) };
    }
    return { ...req, payload: setAt(req.payload, field.path, value) };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    const county = await buildTestCounty(ctx.database.db);
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    for (const user of ['county_op', 'gw_a1']) auth[user] = await ctx.login(user);
    secA = county.people.sec_a;
    const created = await send('county_op', {
      method: 'POST',
      url: '/api/events',
      payload: { categoryCode: 'dispute.neighbour.boundary', description: '甲村事件', location: P.inGridA1a },
    });
    eventA = created.json().event.id;
    await send('county_op', {
      method: 'POST',
      url: `/api/events/${eventA}/actions/assign`,
      payload: { note: '测试', personIds: [county.people.county_op] },
    });
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
  });

  const formats: string[] = Object.values(CALENDAR_FORMATS);
  const dateRoutes = () => {
    const out = new Map<string, DateField[]>();
    // HEAD is Fastify's copy of each GET
    for (const r of registeredRoutes.filter((r) => r.method !== 'HEAD')) {
      const fields = dateFieldsOf(r, formats, REFUSAL_CODE);
      if (fields.length) out.set(`${r.method} ${r.url}`, fields);
    }
    return out;
  };

  /** The routes known to take dates when this test was written: the list below must keep finding them. */
  const KNOWN = [
    'GET /api/analytics/kpis',
    'GET /api/analytics/breakdown',
    'GET /api/analytics/rankings',
    'GET /api/analytics/drilldown',
    'GET /api/analytics/village-classes',
    'POST /api/analytics/village-classes/compute',
    'POST /api/briefings',
    'GET /api/events',
    'GET /api/events/geojson',
    'POST /api/events',
    'POST /api/events/:id/actions/:action',
    'PUT /api/events/:id/resolution-plan',
    'POST /api/exports',
    'GET /api/audit',
    'GET /api/calendar',
    'GET /api/calendar/deadline',
    'PUT /api/calendar/overrides/:date',
    'DELETE /api/calendar/overrides/:date',
  ];

  it('finds every route that takes a date, and has a request for each', () => {
    const routes = dateRoutes();
    expect([...routes.keys()]).toEqual(expect.arrayContaining(KNOWN));
    for (const [route, fields] of routes)
      for (const field of fields) expect(() => validRequest(route, field), route).not.toThrow();
  });

  /** Costly when the date is good (a notice composed, a month classed): fewer runs. */
  const FEWER = new Set(['POST /api/briefings', 'POST /api/analytics/village-classes/compute', 'POST /api/exports']);
  let checked = 0;
  const tally = new Map<string, number>();

  for (const route of KNOWN) {
    it(`${route}: never 5xx, never 200 for a date out of range, refusals coded (seed ${SEED})`, async () => {
      const fields = dateRoutes().get(route)!;
      const arbitrary = fc.nat({ max: fields.length - 1 }).chain((i) => {
        const field = fields[i];
        const text = textFor(field.format);
        const value =
          field.part === 'body'
            ? fc.oneof(
                { weight: 6, arbitrary: text as fc.Arbitrary<unknown> },
                { weight: 1, arbitrary: fc.constantFrom(...NOT_TEXT) },
              )
            : text;
        return fc.tuple(fc.constant(field), value);
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([field, value]) => {
          const req = withDate(route, field, value);
          const user = route === 'GET /api/calendar' ? 'gw_a1' : 'county_op';
          const res = await send(user, req);
          checked += 1;
          const code = res.statusCode >= 400 ? ((res.json() as { error?: { code?: string } }).error?.code ?? '?') : '';
          tally.set(`${res.statusCode} ${code}`.trim(), (tally.get(`${res.statusCode} ${code}`.trim()) ?? 0) + 1);
          const what = `seed ${SEED}: ${route} ${field.part}.${field.path.join('.')} = ${JSON.stringify(value)?.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const body = res.json() as { error?: { code?: string; message?: unknown } };
            expect(Object.keys(ERROR_CODES), what).toContain(body.error?.code);
            expect(typeof body.error?.message === 'string' && body.error.message.length > 0, what).toBe(true);
          }
          if (!inRange(field.format, value)) {
            // an empty path segment is another route (or none): NOT_FOUND is the router's answer
            const expected =
              field.part === 'params' && value === ''
                ? ['NOT_FOUND', 'VALIDATION_FAILED']
                : [field.refusalCode ?? 'VALIDATION_FAILED'];
            expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
            expect(expected, what).toContain(code);
          }
        }),
        { seed: SEED, numRuns: runs(FEWER.has(route) ? 25 : 60), endOnFailure: true },
      );
    }, 180_000);
  }

  /** A cell of an arrangement file: ISO-shaped or plain garbage (no commas, quotes or line breaks, which would be another CSV). */
  const cellText = fc.oneof(
    { weight: 4, arbitrary: dateText },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).filter((s) => !/[,"\r\n]/.test(s)) },
  );

  it(`POST /api/calendar/overrides/import: a file's date cells are held to the range (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cellText, { minLength: 1, maxLength: 5 }), fc.boolean(), async (cells, asJson) => {
        const req: Req = asJson
          ? {
              method: 'POST',
              url: '/api/calendar/overrides/import',
              query: { dryRun: 'true' },
              payload: cells.map((date) => ({ date, kind: 'holiday' })),
            }
          : {
              method: 'POST',
              url: '/api/calendar/overrides/import',
              query: { dryRun: 'true' },
              payload: ['date,kind', ...cells.map((c) => `${c},holiday`)].join('\n'),
              headers: { 'content-type': 'text/csv' },
            };
        const res = await send('county_op', req);
        checked += 1;
        const what = `seed ${SEED}: import ${asJson ? 'JSON' : 'CSV'} ${JSON.stringify(cells)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        const good =
          cells.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.trim()) && isClientDate(c.trim())) &&
          new Set(cells.map((c) => c.trim())).size === cells.length;
        if (good) expect(res.statusCode, what).toBe(200);
        else {
          expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
          expect(['IMPORT_HAS_ERRORS', 'VALIDATION_FAILED'], what).toContain(res.json().error.code);
        }
      }),
      { seed: SEED, numRuns: runs(60), endOnFailure: true },
    );
  }, 180_000);

  it('made a meaningful number of requests', () => {
    console.log(
      `periods fuzz: ${KNOWN.length} routes and the calendar import, ${checked} requests (seed ${SEED}, FUZZ_RUNS ${RUNS})`,
    );
    console.log(
      [...tally]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}: ${n}`)
        .join(', '),
    );
    expect(checked).toBeGreaterThan(KNOWN.length * 10);
  });
});
