/**
 * All SQL of the audit trail (审计日志): appending a record (the chain trigger gives it its id and
 * hashes), listing records for a reader's scope, and reading the chain back in id order for
 * verification, each with the hash the database recomputes from the stored fields.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditRecordsTable, Schema } from '../db/schema.js';
import type { AuditReadScope } from '../../core/audit/audit-access.js';
import type { ChainRecord } from '../../core/audit/audit-chain.js';

type Db = Kysely<Schema>;

export interface NewAuditRecord {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  actorRole: string | null;
  actorJurisdiction: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  clientAddress: string | null;
  status: number;
  errorCode: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditFilters {
  actorId?: number;
  /** Exact action, or a prefix when it ends with `*`. */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Actors within this jurisdiction's subtree (a prefix of division codes). */
  jurisdictionPrefix?: string;
  from?: Date;
  to?: Date;
  /** Keyset: records with ids below this one (the pages go newest first). */
  beforeId?: number;
}

/** One stored record as read back (details parsed). */
export type AuditRecordRow = Selectable<AuditRecordsTable>;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends one record; returns its id. */
  async append(record: NewAuditRecord): Promise<number> {
    const row = await this.db
      .insertInto('audit_records')
      .values({
        at: record.at,
        actor_id: record.actorId,
        actor_name: record.actorName,
        actor_role: record.actorRole,
        actor_jurisdiction: record.actorJurisdiction,
        action: record.action,
        target_type: record.targetType,
        target_id: record.targetId,
        client_address: record.clientAddress,
        status: record.status,
        error_code: record.errorCode,
        details: record.details === null ? null : JSON.stringify(record.details),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Newest first, within the reader's scope, `limit` at a time. */
  async list(scope: AuditReadScope, filters: AuditFilters, limit: number): Promise<AuditRecordRow[]> {
    let q = this.db.selectFrom('audit_records').selectAll();
    q = q.where((eb) =>
      scope.includeUnplaced
        ? eb.or([
            eb('actor_jurisdiction', 'like', `${likeEscape(scope.jurisdictionPrefix)}%`),
            eb('actor_jurisdiction', 'is', null),
          ])
        : eb('actor_jurisdiction', 'like', `${likeEscape(scope.jurisdictionPrefix)}%`),
    );
    if (filters.jurisdictionPrefix !== undefined)
      q = q.where('actor_jurisdiction', 'like', `${likeEscape(filters.jurisdictionPrefix)}%`);
    if (filters.actorId !== undefined) q = q.where('actor_id', '=', filters.actorId);
    if (filters.action !== undefined) {
      q = filters.action.endsWith('*')
        ? q.where('action', 'like', `${likeEscape(filters.action.slice(0, -1))}%`)
        : q.where('action', '=', filters.action);
    }
    if (filters.targetType !== undefined) q = q.where('target_type', '=', filters.targetType);
    if (filters.targetId !== undefined) q = q.where('target_id', '=', filters.targetId);
    if (filters.from !== undefined) q = q.where('at', '>=', filters.from);
    if (filters.to !== undefined) q = q.where('at', '<', filters.to);
    if (filters.beforeId !== undefined) q = q.where('id', '<', filters.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) })) as AuditRecordRow[];
  }

  /** The chain from just after `afterId` up to `upToId`, in id order, with each record's recomputed hash. */
  async chainBatch(afterId: number, upToId: number, limit: number): Promise<ChainRecord[]> {
    const { rows } = await sql<{ id: string | number; at: Date; prev_hash: string; hash: string; recomputed: string }>`
      SELECT a.id, a.at, a.prev_hash, a.hash, audit_record_hash(a) AS recomputed
      FROM audit_records a WHERE a.id > ${afterId} AND a.id <= ${upToId} ORDER BY a.id LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      prevHash: r.prev_hash,
      hash: r.hash,
      recomputedHash: r.recomputed,
    }));
  }

  async chainHead(): Promise<{ lastId: number; lastHash: string }> {
    const head = await this.db
      .selectFrom('audit_chain_head')
      .select(['last_id', 'last_hash'])
      .executeTakeFirstOrThrow();
    return { lastId: Number(head.last_id), lastHash: head.last_hash };
  }
}
