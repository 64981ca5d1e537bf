/**
 * Rate limits (限流) for the routes anyone may call: sign-in and the citizens' public routes
 * (随手拍 intake, photo upload, tracking and rating by token, categories, places).
 *
 * A fixed-window counter per key, held in this process's memory: enough for one process (the
 * platform runs as one); several processes behind a balancer would each allow the limit. It reads
 * the app's clock, so tests move the window with the test clock. Keys are a client address
 * (`request.ip`: the proxy's X-Forwarded-For only with TRUST_PROXY), a username or a tracking token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail } from '../../core/errors.js';
import type { RateLimitConfig } from '../config.js';

export interface LimitDecision {
  allowed: boolean;
  /** Whole seconds until the key's window starts again (at least 1). */
  retryAfterSeconds: number;
}

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();
  private nextSweepAt = 0;

  /** `max` hits per `windowMs` and key; a `max` of 0 allows everything. */
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one hit for `key` and says whether it is within the limit. */
  hit(key: string): LimitDecision {
    if (this.max <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return {
      allowed: window.count <= this.max,
      retryAfterSeconds: Math.max(1, Math.ceil((window.resetsAt - now) / 1000)),
    };
  }

  /** How many keys are held (for tests: the memory is bounded by the sweep). */
  get size(): number {
    return this.windows.size;
  }

  /** Forgets ended windows once per window length, so memory follows the recent clients only. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
    this.nextSweepAt = now + this.windowMs;
  }
}

/** Answers 429 RATE_LIMITED with Retry-After when the decision says no. */
export function enforceLimit(reply: FastifyReply, decision: LimitDecision, message: string): void {
  if (decision.allowed) return;
  reply.header('retry-after', String(decision.retryAfterSeconds));
  fail('RATE_LIMITED', `${message}; try again in ${decision.retryAfterSeconds} s`, {
    retryAfterSeconds: decision.retryAfterSeconds,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a route is one of the citizens' public routes (login has limits of its own, in server/auth/auth.routes.ts). */
export function isPublicApiRoute(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return request.routeOptions.config?.public === true && typeof url === 'string' && url.startsWith('/api/public/');
}

/**
 * Limits every public route per client address (writes and reads counted apart), and the routes
 * that take a tracking token per token as well — whoever asks, a token cannot be hammered.
 */
export function registerPublicRateLimits(app: FastifyInstance, limits: RateLimitConfig, now: () => Date): void {
  const windowMs = limits.windowSeconds * 1000;
  const clock = () => now().getTime();
  const writes = new FixedWindowLimiter(limits.publicWritesPerAddress, windowMs, clock);
  const reads = new FixedWindowLimiter(limits.publicReadsPerAddress, windowMs, clock);
  const tokens = new FixedWindowLimiter(limits.perToken, windowMs, clock);

  app.addHook('onRequest', async (request, reply) => {
    if (!isPublicApiRoute(request)) return;
    const limiter = SAFE_METHODS.has(request.method) ? reads : writes;
    enforceLimit(reply, limiter.hit(request.ip), 'too many requests from your address');
    const token = (request.params as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string') enforceLimit(reply, tokens.hit(token), 'too many requests for this tracking code');
  });
}
