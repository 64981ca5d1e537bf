/**
 * The OpenAPI document is the contract's third reader (after validation and serialisation), so it
 * must hold every route: each route the app registers is in it with its method, a 2xx answer and the
 * request schemas it declares; every error code it lists is one docs/errors.md explains, under the
 * same status; and the browsable reference works for staff under the app's own CSP and for no one else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatParamUrl } from '@fastify/swagger';
import { ERROR_CODES_KEYWORD } from '../http/contract.js';
import { contentSecurityPolicy } from '../http/security-headers.js';
import { DOCS_ASSETS_PREFIX, DOCS_PREFIX } from './openapi.js';

// Records each route as the app registers it (server/testing/route-schemas.ts): an onRoute hook before any route.
vi.mock('../http/validator.js', async (original) =>
  (await import('../testing/route-schemas.js')).recordingValidators(original),
);

// imported after the mock
const { createTestContext } = await import('../testing/test-context.js');
const { registeredRoutes } = await import('../testing/route-schemas.js');
const { buildTestCounty, TEST_USER_OF_ROLE } = await import('../testing/test-county.js');
type TestContext = Awaited<ReturnType<typeof createTestContext>>;

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Operation {
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

/** The table rows of docs/errors.md: code → status. */
function documentedCodes(): Map<string, number> {
  const text = fs.readFileSync(path.resolve(HERE, '../../docs/errors.md'), 'utf8');
  return new Map([...text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** Every `x-error-codes` list of the document, with the status it is answered under and where. */
function listedCodes(doc: Document): { code: string; status: string; at: string }[] {
  const out: { code: string; status: string; at: string }[] = [];
  const visit = (node: unknown, status: string, at: string) => {
    if (!node || typeof node !== 'object') return;
    const codes = (node as Record<string, unknown>)[ERROR_CODES_KEYWORD];
    if (Array.isArray(codes)) for (const code of codes) out.push({ code: String(code), status, at });
    for (const value of Object.values(node)) visit(value, status, at);
  };
  for (const [url, item] of Object.entries(doc.paths))
    for (const [method, operation] of Object.entries(item))
      for (const [status, answer] of Object.entries(operation.responses ?? {}))
        visit(answer, status, `${method.toUpperCase()} ${url}`);
  return out;
}

const is2xx = (status: string) => /^2(\d\d|XX)$/i.test(status);

describe('the OpenAPI document', () => {
  let ctx: TestContext;
  let staff: { authorization: string };
  let citizen: { authorization: string };
  let doc: Document;

  beforeAll(async () => {
    ctx = await createTestContext();
    await buildTestCounty(ctx.database.db);
    staff = await ctx.login(TEST_USER_OF_ROLE.county_operator);
    citizen = await ctx.login(TEST_USER_OF_ROLE.citizen);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json', headers: staff });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    doc = res.json();
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('is OpenAPI 3.1 with the session cookie and the bearer token as its credentials', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerToken', 'sessionCookie']);
  });

  it('holds every route the app serves, each with a 2xx answer and the request schemas it declares', () => {
    const routes = registeredRoutes.filter(
      (r) =>
        // Fastify's HEAD copy of each GET
        r.method !== 'HEAD' &&
        // swagger-ui's static assets (its bundle, styles, icons): parts of the page, not operations
        !r.url.startsWith(DOCS_ASSETS_PREFIX),
    );
    const urls = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(80);
    const missing: string[] = [];
    for (const route of routes) {
      // a prefix's root is registered twice (/api/docs and /api/docs/): one operation
      if (route.url.endsWith('/') && route.url !== '/' && urls.has(`${route.method} ${route.url.slice(0, -1)}`))
        continue;
      const key = `${route.method} ${route.url}`;
      const operation = doc.paths[formatParamUrl(route.url)]?.[route.method.toLowerCase()];
      if (!operation) {
        missing.push(`${key}: not in the document`);
        continue;
      }
      const declared = (route.schema.response ?? {}) as Record<string, unknown>;
      const answers = Object.entries(operation.responses ?? {}).filter(([status]) => is2xx(status));
      // swagger's placeholder for a route without response schemas is `200: { description: 'Default Response' }`
      const described = answers.some(
        ([status, answer]) => answer.content || answer.description !== 'Default Response' || status in declared,
      );
      if (!described) missing.push(`${key}: no response schema for a 2xx answer`);
      const parameters = operation.parameters ?? [];
      if (route.schema.body && !operation.requestBody) missing.push(`${key}: its body schema is not in the document`);
      if (route.schema.querystring && !parameters.some((p) => p.in === 'query'))
        missing.push(`${key}: its querystring schema is not in the document`);
      if (route.schema.params && !parameters.some((p) => p.in === 'path'))
        missing.push(`${key}: its params schema is not in the document`);
      if (!operation.tags?.length) missing.push(`${key}: no tag (area)`);
    }
    expect(missing).toEqual([]);
  });

  it('lists only error codes docs/errors.md explains, each under its status there', () => {
    const documented = documentedCodes();
    expect(documented.size).toBeGreaterThan(50);
    const listed = listedCodes(doc);
    expect(listed.length).toBeGreaterThan(100);
    const wrong = listed
      .filter(({ code, status }) => documented.get(code) !== Number(status))
      .map(({ code, status, at }) =>
        documented.has(code)
          ? `${at}: ${code} under ${status}, docs/errors.md says ${documented.get(code)}`
          : `${at}: ${code} is not in docs/errors.md`,
      );
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('marks the public routes as needing no credentials, and tags each route with its area', () => {
    expect(doc.paths['/api/public/events']?.post?.['security' as never]).toEqual([]);
    expect(doc.paths['/api/events']?.post?.['security' as never]).toBeUndefined();
    expect(doc.paths['/api/events']?.get?.tags).toEqual(['事件 Events']);
    expect(doc.paths['/api/events/{id}/actions/{action}']?.post?.tags).toEqual(['事件流转 Event workflow']);
  });

  it('is served to staff only: a citizen 403, no session 401', async () => {
    const asCitizen = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json', headers: citizen });
    expect(asCitizen.statusCode).toBe(403);
    expect(asCitizen.json().error.code).toBe('FORBIDDEN');
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
  });
});

describe('the browsable reference at /api/docs', () => {
  let ctx: TestContext;
  let staff: { authorization: string };
  let citizen: { authorization: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    await buildTestCounty(ctx.database.db);
    staff = await ctx.login(TEST_USER_OF_ROLE.town_operator);
    citizen = await ctx.login(TEST_USER_OF_ROLE.citizen);
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('answers staff with its page under the app’s own Content-Security-Policy', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: DOCS_PREFIX, headers: staff });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // the policy every page of the app gets, not one loosened for swagger-ui
    expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy({ mapTiles: null }));
    expect(res.headers['content-security-policy']).toContain("script-src 'self';");
    // what `script-src 'self'` lets run: scripts from this origin, none inline
    const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline!.trim(), 'an inline script').toBe('');
      const src = /src="([^"]+)"/.exec(attributes!)?.[1];
      expect(src, 'a script without src').toBeDefined();
      expect(src).toMatch(/^\/api\/docs\/static\//);
      // each one served from here (the bundle is swagger-ui-dist's, shipped with the app: no CDN)
      const script = await ctx.app.inject({ method: 'GET', url: src!, headers: staff });
      expect(script.statusCode, src).toBe(200);
      expect(script.headers['content-type'], src).toMatch(/javascript/);
    }
    for (const [, href] of res.body.matchAll(/<link[^>]*href="([^"]+)"/g))
      expect(href).toMatch(/^\/api\/docs\/static\//);
    // the page loads the document from here, and nothing from validator.swagger.io
    const initializer = await ctx.app.inject({
      method: 'GET',
      url: `${DOCS_ASSETS_PREFIX}swagger-initializer.js`,
      headers: staff,
    });
    expect(initializer.body).toContain("resolveUrl('./json')");
    expect(initializer.body).toContain('validatorUrl: null');
    const json = await ctx.app.inject({ method: 'GET', url: `${DOCS_PREFIX}/json`, headers: staff });
    expect(json.statusCode).toBe(200);
    expect(json.json().openapi).toBe('3.1.0');
  });

  it('refuses a citizen (403) and anyone without a session (401), its assets too', async () => {
    for (const url of [DOCS_PREFIX, `${DOCS_PREFIX}/json`, `${DOCS_ASSETS_PREFIX}swagger-ui-bundle.js`]) {
      const asCitizen = await ctx.app.inject({ method: 'GET', url, headers: citizen });
      expect(asCitizen.statusCode, url).toBe(403);
      expect(asCitizen.json().error.code, url).toBe('FORBIDDEN');
      const anonymous = await ctx.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json().error.code, url).toBe('AUTH_REQUIRED');
    }
  });
});
