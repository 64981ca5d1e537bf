/**
 * An order-independent checksum of every application table (its row count and a sum of row
 * hashes), to show that a refused request wrote nothing. Works on PGlite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

/**
 * Tables a refusal may legitimately change: every write request is audited, refused ones on purpose
 * (audit_records, audit_chain_head); a refused sign-in counts for the lockout (login_failures); every
 * authenticated request moves its session's last-seen time (sessions).
 */
export const MAY_CHANGE_ON_REFUSAL: ReadonlySet<string> = new Set([
  'audit_records',
  'audit_chain_head',
  'login_failures',
  'sessions',
]);

/** The application's tables (the current schema's), but those a refusal may change. */
export async function fingerprintedTables(db: Kysely<Schema>): Promise<string[]> {
  const res = await sql<{
    table_name: string;
  }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
    db,
  );
  return res.rows.map((r) => r.table_name).filter((t) => !MAY_CHANGE_ON_REFUSAL.has(t));
}

/** Each table's `count:sum of row hashes`. */
export async function tableFingerprint(db: Kysely<Schema>, tables: readonly string[]): Promise<Record<string, string>> {
  const parts = tables.map(
    (t) =>
      `select '${t}' as t, count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as f from "${t}" x`,
  );
  const res = await sql<{ t: string; f: string }>`${sql.raw(parts.join(' union all '))}`.execute(db);
  return Object.fromEntries(res.rows.map((r) => [r.t, r.f]));
}

/** The tables whose fingerprint differs between `before` and `after`. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}
