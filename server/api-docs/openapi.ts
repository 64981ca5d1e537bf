/**
 * 接口文档: the OpenAPI 3.1 document, generated from the routes' own schemas (@fastify/swagger), and
 * a browsable reference of it (@fastify/swagger-ui, its bundle served by this server — no CDN):
 *
 *   GET /api/openapi.json → the document
 *   GET /api/docs         → the reference (its page, scripts and styles under /api/docs/…)
 *
 * Both are for signed-in staff, like every route but public intake: no session 401, a citizen 403.
 * The reference runs under the app's own Content-Security-Policy (server/http/security-headers.ts):
 * swagger-ui's page loads its scripts and styles from this origin and runs no inline script, so the
 * policy is left as it is (swagger-ui's `staticCSP` stays off) and its validator badge, the one
 * outside fetch it would make, is turned off.
 *
 * Each operation is tagged with its area as the permission matrix names it (the sections of
 * docs/permissions.md); public routes say they need no credentials (`security: []`).
 */
import fs from 'node:fs';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type, type Static } from 'typebox';
import { fail } from '../../core/errors.js';
import { SESSION_COOKIE, requireUser } from '../auth/auth.hook.js';
import { PERMISSION_MATRIX, routeOf } from '../permissions/permission-matrix.js';
import { errors, withSharedErrors, type App } from '../http/contract.js';
import { FileAnswer } from '../http/schema-primitives.js';

/** Where the browsable reference lives; swagger-ui serves its page, assets and a copy of the document under it. */
export const DOCS_PREFIX = '/api/docs';
/** swagger-ui's static files (its bundle, styles, icons): parts of the page, not operations. */
export const DOCS_ASSETS_PREFIX = `${DOCS_PREFIX}/static/`;

const VERSION = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The area of each route (`METHOD /path`), from the permission matrix. */
const AREA_OF: ReadonlyMap<string, string> = new Map(PERMISSION_MATRIX.map((row) => [routeOf(row.key), row.area]));
const AREAS = [...new Set(PERMISSION_MATRIX.map((row) => row.area))];

/** The document's top: OpenAPI 3.1.0, the two ways to send a session. */
const DOCUMENT: FastifyDynamicSwaggerOptions['openapi'] = {
  openapi: '3.1.0',
  info: {
    title: 'Yiwang 一网 API',
    version: VERSION,
    description:
      'The HTTP API of Yiwang (一网), the grassroots-governance platform. Every route needs a signed-in session ' +
      'but public intake (随手拍), sign-in and health. A refusal is `{ "error": { "code", "message", "details"? } }`; ' +
      'each answer lists its codes (`x-error-codes`), explained in docs/errors.md. Who may call what: docs/permissions.md.',
  },
  components: {
    securitySchemes: {
      sessionCookie: {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description:
          'the browser’s session (POST /api/auth/login sets it); a change it carries must come from this site',
      },
      bearerToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'the token POST /api/auth/login answers with, as `Authorization: Bearer …` (apps, scripts)',
      },
    },
  },
  security: [{ sessionCookie: [] }, { bearerToken: [] }],
  tags: AREAS.map((name) => ({ name })),
};

/** GET /api/openapi.json: the document (its parts as @fastify/swagger builds them). */
export const OpenApiDocument = Type.Object(
  {
    openapi: Type.Literal('3.1.0'),
    info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }),
    paths: Type.Record(Type.String(), Type.Unknown()),
    components: Type.Unknown(),
  },
  { additionalProperties: true, description: 'the OpenAPI 3.1 document of this API' },
);
export type OpenApiDocument = Static<typeof OpenApiDocument>;

/**
 * The reference's own routes (swagger-ui's), as the document shows them; its static assets are left
 * out. Its page is registered as /api/docs and /api/docs/ (Fastify's two forms of a prefix's root,
 * which share one route object, so the generator sees only the second): documented once, as /api/docs.
 */
const DOCS_ROUTES: Record<string, { url: string; schema: FastifySchema }> = {
  [`${DOCS_PREFIX}/`]: {
    url: DOCS_PREFIX,
    schema: { response: { 200: FileAnswer(['text/html'], 'the browsable reference of this document') } },
  },
  [`${DOCS_PREFIX}/json`]: { url: `${DOCS_PREFIX}/json`, schema: { response: { 200: OpenApiDocument } } },
  [`${DOCS_PREFIX}/yaml`]: {
    url: `${DOCS_PREFIX}/yaml`,
    schema: { response: { 200: FileAnswer(['application/x-yaml'], 'the document as YAML') } },
  },
};

/** A route as the document shows it: tagged with its area; no credentials for a public one. */
function documented({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }) {
  if (url.startsWith(DOCS_PREFIX)) {
    const own = DOCS_ROUTES[url];
    if (!own) return { schema, url }; // an asset: hidden by swagger-ui
    // the contract leaves swagger-ui's routes alone (their answers are its own): their refusals are listed here
    const shown = {
      method: 'GET',
      url: own.url,
      schema: { ...own.schema, response: { ...own.schema.response!, ...errors('FORBIDDEN') } },
    };
    withSharedErrors(shown as RouteOptions);
    return { schema: { ...shown.schema, tags: [areaOf('GET', own.url)] }, url: own.url };
  }
  const methods = ([] as string[]).concat(route.method);
  const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
  return {
    schema: { ...schema, tags: [areaOf(methods[0]!, url)], ...(isPublic ? { security: [] } : {}) },
    url,
  };
}

/** A route's area; a route the matrix does not list yet (its test fails on it) by its path's first part. */
function areaOf(method: string, url: string): string {
  return AREA_OF.get(`${method} ${url}`) ?? url.split('/')[2] ?? 'other';
}

/**
 * The document's generator: registered before any route, so that it sees every route as it is
 * declared (after the contract has added the shared refusals to it).
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, { openapi: DOCUMENT, transform: documented });
}

/** GET /api/openapi.json and the reference at /api/docs: for signed-in staff. */
export async function openApiRoutes(app: App): Promise<void> {
  // every route of this scope, swagger-ui's static assets included (the session is checked before, for all)
  app.addHook('onRequest', async (request) => {
    if (requireUser(request).role === 'citizen') fail('FORBIDDEN', 'the API reference is for staff');
  });

  app.get(
    '/api/openapi.json',
    { schema: { response: { 200: OpenApiDocument, ...errors('FORBIDDEN') } } },
    // swagger() is typed for any OpenAPI version; this one is 3.1.0 (DOCUMENT)
    async () => app.swagger() as unknown as OpenApiDocument,
  );

  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // no call to validator.swagger.io: nothing leaves this origin
    validatorUrl: false,
    uiConfig: { deepLinking: true, docExpansion: 'list', tryItOutEnabled: false },
    theme: { title: 'Yiwang 一网 API' },
  });
}
