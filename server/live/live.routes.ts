/**
 * GET /api/live: server-sent events for the signed-in user — a message whenever an event they may
 * see is created or changes (see live-message.ts), heartbeats in between. The dashboard refreshes
 * its figures on them; the event desk and the map can do the same.
 *
 * The stream opens with `event: ready` once the user is subscribed, so a client (or a test) knows
 * nothing after that point is missed. Open streams are ended when the server closes.
 */
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { FileAnswer } from '../http/schema-primitives.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import { LiveFeed } from './live-feed.js';
import { LiveRepository } from './live.repository.js';
import { SseStream } from './sse-stream.js';

export const LIVE_HEARTBEAT_MS = 20_000;
/** Streams end after this long and the browser reconnects, so a revoked session stops hearing. */
export const LIVE_MAX_AGE_MS = 15 * 60_000;

/** The stream: `event: ready` once subscribed, then a `LiveMessage` (live-message.ts) per change, comments as heartbeats. */
const LiveStream = FileAnswer(
  ['text/event-stream'],
  'server-sent events: `ready` once subscribed, then one message (JSON, live-message.ts) per change to an event the caller may see; heartbeats in between',
);

export async function liveRoutes(app: App, deps: AppDeps): Promise<void> {
  const feed = new LiveFeed(deps.listen, new LiveRepository(deps.db), (error) =>
    app.log.error({ err: error }, 'live feed delivery failed'),
  );
  const streams = new Set<SseStream>();

  app.addHook('preClose', async () => {
    for (const stream of streams) stream.close();
  });
  app.addHook('onClose', async () => {
    await feed.close();
  });

  app.get(
    '/api/live',
    { schema: { response: { 200: LiveStream, ...errors('DATABASE_UNAVAILABLE') } } },
    async (request, reply) => {
      const user = requireUser(request);
      if (!feed.available) fail('DATABASE_UNAVAILABLE', 'live updates are not available on this server');
      try {
        await feed.ready();
      } catch (error) {
        request.log.error({ err: error }, 'live feed could not listen');
        fail('DATABASE_UNAVAILABLE', 'live updates are not available right now; try again shortly');
      }
      reply.hijack();
      let unsubscribe = () => {};
      const stream = new SseStream(request.raw, reply.raw, {
        heartbeatMs: LIVE_HEARTBEAT_MS,
        maxAgeMs: LIVE_MAX_AGE_MS,
        onClose: () => {
          unsubscribe();
          streams.delete(stream);
        },
      });
      streams.add(stream);
      stream.open();
      unsubscribe = feed.subscribe(user, (message) => stream.send(message));
      if (stream.closed) unsubscribe();
      else stream.send({ user: user.id }, 'ready');
    },
  );
}
