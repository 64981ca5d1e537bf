/**
 * The HTTP app, wired like Fastify's demo: outside plugins (compression, cookies, multipart), then app plugins
 * (errors, authentication), then the routes of each area. `buildApp` takes every outside thing as
 * a dependency, so tests build the same app over a throwaway database and a fixed clock.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './app-deps.js';
import { clientErrorHandler, frameworkErrorHandler, registerErrorHandler } from './http/error-handler.js';
import { registerValidators } from './http/validator.js';
import { registerContract } from './http/contract.js';
import { openApiRoutes, registerOpenApi } from './api-docs/openapi.js';
import { HealthAnswer } from './http/health.schemas.js';
import { refuseClosedBodies } from './http/upload-body.js';
import { fastifyTrustProxy, registerSecurity } from './http/security.js';
import { registerAuthentication } from './auth/auth.hook.js';
import { authRoutes } from './auth/auth.routes.js';
import { eventRoutes } from './events/event.routes.js';
import { publicRoutes } from './events/public.routes.js';
import { organisationRoutes } from './organisation/organisation.routes.js';
import { boundaryRoutes } from './geo/boundary.routes.js';
import { accountAdminRoutes } from './organisation/account-admin.routes.js';
import { attachmentRoutes } from './storage/attachment.routes.js';
import { registerPublicMediaGuard } from './storage/public-media-guard.js';
import { importRoutes } from './organisation/import/import.routes.js';
import { deadlineRuleRoutes } from './deadlines/deadline-rules.routes.js';
import { calendarRoutes } from './calendar/calendar.routes.js';
import { followUpRoutes } from './followups/follow-up.routes.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { villageClassRoutes } from './village-classes/village-class.routes.js';
import { briefingRoutes } from './briefings/briefing.routes.js';
import { registerExportRoutes } from './exports/export.routes.js';
import { mediationRoutes } from './mediation/mediation.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { webRoutes } from './web/web.routes.js';
import { webConfigRoutes } from './web/web-config.routes.js';
import { fieldCipherFor } from './personal-data/pii-keys.js';
import { redactedRequestSerializer } from './personal-data/log-redaction.js';
import { registerAudit } from './audit/audit.plugin.js';
import { auditRoutes } from './audit/audit.routes.js';
import { wireDomainEvents } from './domain-event-wiring.js';

export async function buildApp(given: AppDeps): Promise<FastifyInstance> {
  // personal data is encrypted with the configured keys (or the data folder's key file)
  const deps: AppDeps = { ...given, pii: given.pii ?? fieldCipherFor(given.config) };
  const app = Fastify({
    // personal data searched for in a URL is logged masked (server/personal-data/log-redaction.ts)
    logger:
      deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            serializers: { req: redactedRequestSerializer },
            ...(deps.logStream ? { stream: deps.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    // a client that announces a body and never sends it is cut off (408) instead of holding a connection
    requestTimeout: deps.config.requestTimeoutSeconds * 1000,
    // TRUST_PROXY: behind a reverse proxy, request.ip (the rate limits' key) is X-Forwarded-For's client
    trustProxy: fastifyTrustProxy(deps.config.trustProxy),
    // a path that is not valid percent-encoding answers in our error shape (server/http/error-handler.ts)
    frameworkErrors: frameworkErrorHandler,
    // bytes Node's HTTP parser refuses (a body cut short by the client …) answer with a code too
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // what the areas do when an event closes, reopens, merges … or a tier's time runs out (server/domain-events/)
  wireDomainEvents();
  registerErrorHandler(app);
  // a body whose connection closed before parsing is refused, not waited for (server/http/upload-body.ts)
  refuseClosedBodies(app);
  registerValidators(app);
  // every route's answers by their schemas: shared refusals added, serialised (and in tests checked) by schema
  registerContract(app, { checkAnswers: deps.config.checkAnswers, answersBy: deps.answersBy });
  // the OpenAPI document, built from every route declared after this (server/api-docs/openapi.ts)
  await registerOpenApi(app);
  // a stored time limit the engine cannot count: its clocks fall back to the built-in default, the log says which
  deps.clocks.onBrokenSetting = (fault) =>
    app.log.warn(
      { setting: fault.setting, key: fault.key, detail: fault.detail },
      'a stored deadline setting cannot be counted; its clocks use the built-in default',
    );
  // the audit trail: every write (and refusal) recorded as its answer is sent — first among the onSend
  // hooks, so it reads the answer as JSON before anything transforms it (server/audit/audit.plugin.ts)
  registerAudit(app, deps);
  // before compression: files sent outside the staff lose their metadata or are refused
  registerPublicMediaGuard(app);
  // security headers, CORS (closed by default), public rate and body limits: before any route (server/http/security.ts)
  registerSecurity(app, deps);
  // Responses over 1 kB in brotli (quality 4) or gzip when the browser accepts it: the map's 100k
  // points are ~30 MB of GeoJSON, a few MB compressed. The live stream (text/event-stream, hijacked)
  // and images are left alone.
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 20, fields: 20, parts: 40 } });
  registerAuthentication(app, deps);
  await app.register(async (scope) => authRoutes(scope, deps));

  app.get('/api/health', { config: { public: true }, schema: { response: { 200: HealthAnswer } } }, async () => ({
    ok: true as const,
    db: deps.dbKind,
  }));
  await app.register(async (scope) => eventRoutes(scope, deps));
  await app.register(async (scope) => publicRoutes(scope, deps));
  await app.register(async (scope) => organisationRoutes(scope, deps));
  await app.register(async (scope) => boundaryRoutes(scope, deps));
  await app.register(async (scope) => accountAdminRoutes(scope, deps));
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
  await app.register(async (scope) => webConfigRoutes(scope, deps));
  await app.register(async (scope) => auditRoutes(scope, deps));
  // the OpenAPI document and its browsable reference, for staff (server/api-docs/openapi.ts)
  await app.register(async (scope) => openApiRoutes(scope));
  // the web app (web/dist) at /: its catch-all GET (/*) yields to every more specific route
  await app.register(async (scope) => webRoutes(scope, deps));
  return app;
}
