/**
 * The request schemas of every route an app registers, for tests that check or fuzz them
 * (server/http/date-schemas.test.ts, server/fuzz/periods.fuzz.test.ts). Fastify keeps no schema it
 * can hand back once a route is registered, so a test wraps registerValidators — called before any
 * route — with an `onRoute` hook that records them:
 *
 *   vi.mock('../http/validator.js', async (original) => (await import('../testing/route-schemas.js')).recordingValidators(original));
 *
 * and then reads `registeredRoutes` after building an app (createTestContext).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** The path template, `/api/events/:id`. */
  url: string;
  /** querystring, params, body, headers: as given to the route (TypeBox, i.e. JSON Schema). */
  schema: Record<string, unknown>;
}

export const registeredRoutes: RegisteredRoute[] = [];

/** The validator module with registerValidators recording every route registered after it. */
export async function recordingValidators(importOriginal: <T>() => Promise<T>) {
  const original = await importOriginal<typeof import('../http/validator.js')>();
  return {
    ...original,
    registerValidators(app: FastifyInstance) {
      app.addHook('onRoute', (route: RouteOptions) => {
        for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
          registeredRoutes.push({ method, url: route.url, schema: (route.schema ?? {}) as Record<string, unknown> });
        }
      });
      original.registerValidators(app);
    },
  };
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where a route takes a date: the request part and the path to the field (an array's items as index 0). */
export interface DateField {
  part: 'querystring' | 'params' | 'body';
  path: (string | number)[];
  /** The calendar format that checks it (calendar-date, calendar-month, calendar-date-time). */
  format: string;
  /** The error code its refusal carries when the schema names one (x-error-code), else null. */
  refusalCode: string | null;
}

/** Every field of a route's request that a calendar format checks (each branch of a union too). */
export function dateFieldsOf(route: RegisteredRoute, formats: readonly string[], codeKeyword: string): DateField[] {
  const out: DateField[] = [];
  const visit = (node: unknown, part: DateField['part'], path: (string | number)[], code: string | null) => {
    if (!isNode(node)) return;
    const here = typeof node[codeKeyword] === 'string' ? (node[codeKeyword] as string) : code;
    if (typeof node.format === 'string' && formats.includes(node.format))
      out.push({ part, path, format: node.format, refusalCode: here });
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      if (Array.isArray(node[key])) for (const sub of node[key] as unknown[]) visit(sub, part, path, here);
    if (isNode(node.properties))
      for (const [name, sub] of Object.entries(node.properties)) visit(sub, part, [...path, name], here);
    if (isNode(node.items)) visit(node.items, part, [...path, 0], here);
  };
  for (const part of ['querystring', 'params', 'body'] as const) visit(route.schema[part], part, [], null);
  return out;
}
