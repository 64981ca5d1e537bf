/**
 * The audit trail's recording (审计留痕). One generic hook records every write — each POST, PUT,
 * PATCH or DELETE that reached a route, allowed or refused (401, 403, 404, 409 …): the actor (or
 * none), their role and jurisdiction, the action (method + route), the target, the client address,
 * the status and error code. Sign-ins are recorded with the username tried, never the password.
 * Routes that return someone's personal data unmasked call `auditRead` before answering.
 *
 * When: a write's record is appended in `onSend`, after the route's own transaction committed and
 * before the answer leaves — so a client never holds a 2xx for a write whose record is not stored.
 * The window left: a process that dies between the route's commit and the append loses that one
 * record (the write stands; the client got no answer). A failed append is logged, not turned into
 * an error: the write has happened and the client must learn that. A personal-data read is
 * different: its record is appended before the data is sent, and if that fails the read is refused
 * (AUDIT_UNAVAILABLE) — no unrecorded personal data leaves.
 *
 * Refusals for too many requests (RATE_LIMITED) are recorded at most once a minute per client
 * address, so that a flood cannot turn the trail's serialised appends into a bottleneck.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { AuditRepository, type NewAuditRecord } from './audit.repository.js';
import { createdTargetId, describeRequest, WRITE_METHODS } from '../../core/audit/audit-action.js';
import { fail } from '../../core/errors.js';

/** The sign-in route: its records carry the username tried and, on success, the person as actor. */
const SIGN_IN_ROUTE = '/api/auth/login';
const RATE_LIMIT_QUIET_MS = 60_000;

export interface AuditTarget {
  type: string;
  id: string | number | null;
}

export interface PersonalDataRead {
  /** Whose data: the event, the jurisdiction listed, the export … */
  target: AuditTarget;
  /** Which personal fields were returned unmasked (names of fields, never values). */
  fields: readonly string[];
  /** How many people's data, for lists. */
  count?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    auditLog: AuditLog;
  }
  interface FastifyRequest {
    /** Set by a route to name what a write acted on when its parameters do not say. */
    auditTarget: AuditTarget | null;
  }
}

export class AuditLog {
  private readonly repo: AuditRepository;
  private readonly rateLimitedSeen = new Map<string, number>();

  constructor(private readonly deps: Pick<AppDeps, 'db' | 'now'>) {
    this.repo = new AuditRepository(deps.db);
  }

  append(record: Omit<NewAuditRecord, 'at'>): Promise<number> {
    return this.repo.append({ ...record, at: this.deps.now() });
  }

  /** Whether a RATE_LIMITED refusal from this address is the first in its quiet period. */
  shouldRecordRateLimited(address: string): boolean {
    const now = Date.now();
    const last = this.rateLimitedSeen.get(address);
    if (last !== undefined && now - last < RATE_LIMIT_QUIET_MS) return false;
    if (this.rateLimitedSeen.size > 10_000) {
      for (const [key, at] of this.rateLimitedSeen)
        if (now - at >= RATE_LIMIT_QUIET_MS) this.rateLimitedSeen.delete(key);
    }
    this.rateLimitedSeen.set(address, now);
    return true;
  }
}

interface Actor {
  actorId: number | null;
  actorName: string | null;
  actorRole: string | null;
  actorJurisdiction: string | null;
}

function actorOf(request: FastifyRequest): Actor {
  const user = request.user;
  return {
    actorId: user?.id ?? null,
    actorName: user?.name ?? null,
    actorRole: user?.role ?? null,
    actorJurisdiction: user?.jurisdictionCode ?? null,
  };
}

function parseJson(payload: unknown): unknown {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (text === null || text.length > 1_000_000) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Records a read of personal data (unmasked names, phones, ID numbers …) — call it after deciding
 * to answer and before answering. Refuses the request when the record cannot be stored.
 */
export async function auditRead(request: FastifyRequest, read: PersonalDataRead): Promise<void> {
  const { action } = describeRequest(
    request.method,
    request.routeOptions.url ?? request.url,
    request.params as Record<string, unknown>,
  );
  try {
    await request.server.auditLog.append({
      ...actorOf(request),
      action: `READ ${action}`,
      targetType: read.target.type,
      targetId: read.target.id === null ? null : String(read.target.id),
      clientAddress: request.ip ?? null,
      status: 200,
      errorCode: null,
      details: { fields: [...read.fields], ...(read.count === undefined ? {} : { count: read.count }) },
    });
  } catch (error) {
    request.log.error({ err: error }, 'audit record of a personal-data read could not be stored');
    fail('AUDIT_UNAVAILABLE', 'the read could not be recorded in the audit trail, so the data is not shown; try again');
  }
}

async function recordWrite(
  log: AuditLog,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const routeUrl = request.routeOptions.url!;
  const status = reply.statusCode;
  const body = parseJson(payload);
  const errorCode =
    status >= 400 &&
    body &&
    typeof body === 'object' &&
    typeof (body as { error?: { code?: unknown } }).error?.code === 'string'
      ? (body as { error: { code: string } }).error.code
      : null;
  if (errorCode === 'RATE_LIMITED' && !log.shouldRecordRateLimited(request.ip ?? '')) return;
  const described = describeRequest(request.method, routeUrl, request.params as Record<string, unknown>);
  let actor = actorOf(request);
  const details: Record<string, unknown> = {};
  if (described.params) details.params = described.params;
  let targetType = request.auditTarget?.type ?? described.targetType;
  let targetId = request.auditTarget
    ? request.auditTarget.id === null
      ? null
      : String(request.auditTarget.id)
    : described.targetId;
  if (routeUrl === SIGN_IN_ROUTE) {
    const username = (request.body as { username?: unknown } | undefined)?.username;
    if (typeof username === 'string') details.username = username.slice(0, 64);
    const person =
      status < 300
        ? (body as { user?: { id?: unknown; name?: unknown; role?: unknown; jurisdictionCode?: unknown } } | undefined)
            ?.user
        : undefined;
    if (person && typeof person.id === 'number') {
      actor = {
        actorId: person.id,
        actorName: typeof person.name === 'string' ? person.name : null,
        actorRole: typeof person.role === 'string' ? person.role : null,
        actorJurisdiction: typeof person.jurisdictionCode === 'string' ? person.jurisdictionCode : null,
      };
      targetType = 'people';
      targetId = String(person.id);
    } else {
      targetType = null;
      targetId = null;
    }
  } else if (targetId === null && status < 300 && !request.auditTarget) {
    targetId = createdTargetId(body);
  }
  await log.append({
    ...actor,
    action: described.action,
    targetType,
    targetId,
    clientAddress: request.ip ?? null,
    status,
    errorCode,
    details: Object.keys(details).length ? details : null,
  });
}

/**
 * Registers the audit log and its hook. Register it before the plugins that transform answers
 * (compression), so the hook reads a write's answer (its error code, the id it created) as JSON.
 */
export function registerAudit(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'now'>): AuditLog {
  const log = new AuditLog(deps);
  app.decorate('auditLog', log);
  app.decorateRequest('auditTarget', null);
  app.addHook('onSend', async (request, reply, payload) => {
    if (!WRITE_METHODS.includes(request.method) || !request.routeOptions.url) return payload;
    try {
      await recordWrite(log, request, reply, payload);
    } catch (error) {
      request.log.error({ err: error }, 'audit record of a write could not be stored');
    }
    return payload;
  });
  return log;
}
