/**
 * The HTTP app, wired like Fastify's demo: outside plugins (cookies, multipart), then app plugins
 * (errors, authentication), then the routes of each area. `buildApp` takes every outside thing as
 * a dependency, so tests build the same app over a throwaway database and a fixed clock.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './app-deps.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerValidators } from './http/validator.js';
import { authPlugin } from './auth/auth.plugin.js';
import { eventRoutes } from './events/event.routes.js';
import { publicRoutes } from './events/public.routes.js';
import { organisationRoutes } from './organisation/organisation.routes.js';
import { attachmentRoutes } from './storage/attachment.routes.js';
import { importRoutes } from './organisation/import/import.routes.js';
import { deadlineRuleRoutes } from './deadlines/deadline-rules.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { followUpRoutes } from './followups/follow-up.routes.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { villageClassRoutes } from './analytics/village-class.routes.js';
import { briefingRoutes } from './analytics/briefing.routes.js';
import { registerExportRoutes } from './exports/export.routes.js';
import { mediationRoutes } from './mediation/mediation.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { webRoutes } from './web/web.routes.js';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  registerValidators(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 20, fields: 20, parts: 40 } });
  await authPlugin(app, deps);

  app.get('/api/health', { config: { public: true } }, async () => ({ ok: true, db: deps.dbKind }));
  await app.register(async (scope) => eventRoutes(scope, deps));
  await app.register(async (scope) => publicRoutes(scope, deps));
  await app.register(async (scope) => organisationRoutes(scope, deps));
  await app.register(async (scope) => attachmentRoutes(scope, deps));
  await app.register(async (scope) => importRoutes(scope, deps));
  await app.register(async (scope) => deadlineRuleRoutes(scope, deps));
  await app.register(async (scope) => calendarRoutes(scope, deps));
  await app.register(async (scope) => followUpRoutes(scope, deps));
  await app.register(async (scope) => mediationRoutes(scope, deps));
  await app.register(async (scope) => analyticsRoutes(scope, deps));
  await app.register(async (scope) => villageClassRoutes(scope, deps));
  await app.register(async (scope) => briefingRoutes(scope, deps));
  await app.register(async (scope) => registerExportRoutes(scope, deps));
  await app.register(async (scope) => liveRoutes(scope, deps));
  // the web app (web/dist) at /: its catch-all GET (/*) yields to every more specific route
  await app.register(async (scope) => webRoutes(scope, deps));
  return app;
}
