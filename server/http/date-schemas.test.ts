/**
 * Guard: every date, month and date-time a route takes is one of the calendar types of
 * schema-primitives.ts (CalendarDate, CalendarMonth, CalendarDateTime, or a schema made from them),
 * so it passes the one parser and its range (core/time/client-dates.ts). The schemas are read from
 * the app itself — every route it serves, as registered — so a new route cannot bypass the parser:
 * a `format: 'date-time'` of ajv-formats, or a bare string (a pattern, a maxLength) under a name that
 * holds a date, fails here.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALENDAR_FORMATS } from './schema-primitives.js';

// Records each route's schema as the app registers it (server/testing/route-schemas.ts).
vi.mock('./validator.js', async (original) =>
  (await import('../testing/route-schemas.js')).recordingValidators(original),
);

// imported after the mock
const { createTestContext } = await import('../testing/test-context.js');
const { registeredRoutes } = await import('../testing/route-schemas.js');
const seen = { routes: registeredRoutes };

/** Property names that hold a date, a month or an instant. */
const DATE_NAME = /^(from|to|date|day|month|since|until|start|end|deadline)$|(At|Date|Day|Month|Time|Deadline)$/;
/** Formats that would check a date without the client range. */
const UNRANGED_FORMATS = new Set(['date', 'date-time', 'time', 'iso-date-time', 'iso-time', 'duration', 'timestamp']);
const RANGED_FORMATS = new Set<string>(Object.values(CALENDAR_FORMATS));

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every subschema of a schema (itself included), with the JSON-pointer-ish path to it. */
function* walk(schema: unknown, at: string): Generator<[Node, string]> {
  if (!isNode(schema)) return;
  yield [schema, at];
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isNode(value))
      for (const [name, sub] of Object.entries(value)) yield* walk(sub, `${at}.${name}`);
    else if (Array.isArray(value)) for (const [i, sub] of value.entries()) yield* walk(sub, `${at}/${key}/${i}`);
    else if (isNode(value) && key !== 'properties') yield* walk(value, `${at}/${key}`);
  }
}

/**
 * Why a schema under a date name is not a calendar type: a string anywhere in it must carry a
 * calendar format or be a fixed word (a literal: a preset such as `this_month`).
 */
function dateProblem(schema: Node): string | null {
  for (const [node] of walk(schema, '')) {
    const stringy = node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string'));
    if (!stringy || 'const' in node || 'enum' in node) continue;
    if (typeof node.format === 'string' && RANGED_FORMATS.has(node.format)) continue;
    return `a string ${JSON.stringify({ format: node.format, pattern: node.pattern, maxLength: node.maxLength })} instead of CalendarDate / CalendarMonth / CalendarDateTime`;
  }
  return null;
}

function problemsOf(route: { method: string; url: string; schema: Node }): string[] {
  const problems: string[] = [];
  for (const part of ['querystring', 'params', 'body', 'headers'] as const) {
    const root = route.schema[part];
    for (const [node, at] of walk(root, part)) {
      if (typeof node.format === 'string' && UNRANGED_FORMATS.has(node.format))
        problems.push(
          `${route.method} ${route.url} ${at}: format '${node.format}' checks no range — use a calendar type of server/http/schema-primitives.ts`,
        );
      if (!isNode(node.properties)) continue;
      for (const [name, sub] of Object.entries(node.properties)) {
        if (!DATE_NAME.test(name) || !isNode(sub)) continue;
        const problem = dateProblem(sub);
        if (problem) problems.push(`${route.method} ${route.url} ${at}.${name}: ${problem}`);
      }
    }
  }
  return problems;
}

describe('dates in route schemas', () => {
  let close: () => Promise<void>;
  beforeAll(async () => {
    const ctx = await createTestContext();
    close = () => ctx.close();
  }, 60_000);
  afterAll(async () => {
    await close?.();
  });

  it('reads the schemas of every route the app serves', () => {
    expect(seen.routes.length).toBeGreaterThan(80);
    const withDates = seen.routes
      .filter((r) => JSON.stringify(r.schema).includes('calendar-'))
      .map((r) => `${r.method} ${r.url}`);
    // the routes this guard was written against, among others
    expect(withDates).toEqual(
      expect.arrayContaining([
        'GET /api/events',
        'POST /api/events',
        'POST /api/events/:id/actions/:action',
        'GET /api/analytics/kpis',
        'GET /api/analytics/breakdown',
        'GET /api/analytics/rankings',
        'GET /api/analytics/drilldown',
        'POST /api/analytics/village-classes/compute',
        'GET /api/analytics/village-classes',
        'POST /api/briefings',
        'GET /api/audit',
        'GET /api/calendar',
        'GET /api/calendar/deadline',
        'PUT /api/calendar/overrides/:date',
        'DELETE /api/calendar/overrides/:date',
        'PUT /api/events/:id/resolution-plan',
        'POST /api/exports',
      ]),
    );
  });

  it('takes every date, month and date-time through the calendar types', () => {
    expect(seen.routes.flatMap(problemsOf)).toEqual([]);
  });

  it('would catch a route that bypasses them', () => {
    const bad = {
      method: 'GET',
      url: '/api/x',
      schema: {
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', format: 'date-time' },
            month: { type: 'string', maxLength: 7 },
            preset: { anyOf: [{ type: 'string', const: 'today' }] },
          },
        },
      },
    };
    const problems = problemsOf(bad);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/querystring\.from: format 'date-time'/);
    expect(problems.join('\n')).toMatch(/querystring\.month: a string/);
  });
});
