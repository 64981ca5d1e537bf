/**
 * The SQL behind backup, restore and migrate-to. Nothing here knows the platform's tables by name
 * (except the attachments' storage keys): tables, columns, keys, identity columns and sequences
 * are read from the catalog of the current schema, so a table a new migration adds is carried
 * without a change here. The same SQL runs on PGlite (PostgreSQL 18) and a PostgreSQL server (15+):
 * every transaction first pins the settings that shape a value's text (time zone, date and
 * interval styles, float digits, bytea), so a row's text — what is copied and what is checksummed
 * — is the same on both.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { BackupError } from './backup-format.js';

export interface ColumnInfo {
  name: string;
  /** format_type(): what a value's text is cast back to. */
  type: string;
  /** 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT, '' none. */
  identity: '' | 'a' | 'd';
  /** GENERATED ALWAYS AS (…) STORED: recomputed by the database, never copied. */
  generated: boolean;
}

export interface TableInfo {
  name: string;
  /** Every column in attnum order (checksums cover them all, generated ones included). */
  columns: ColumnInfo[];
  primaryKey: string[];
}

export interface TableChecksum {
  rows: number;
  /** md5 over the count and two 64-bit sums of each row's md5: order-independent, computed in the database. */
  checksum: string;
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

const CURSOR = 'yiwang_backup_cursor';

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The columns a backup copies: all but the generated ones. */
export function copiedColumns(table: TableInfo): ColumnInfo[] {
  return table.columns.filter((c) => !c.generated);
}

export class BackupRepository {
  constructor(private readonly db: Kysely<Schema>) {}

  /**
   * Pins the settings a value's text depends on, for the current transaction only. PGlite is
   * PostgreSQL 18 and a server may be 15: both print the same text under these.
   */
  async pinTextSettings(): Promise<void> {
    await sql`SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
      set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '1', true),
      set_config('bytea_output', 'hex', true)`.execute(this.db);
  }

  /** Triggers (history's append-only guard, rollups, NOTIFY) and foreign-key checks off until the transaction ends. */
  async disableTriggers(): Promise<void> {
    try {
      await sql`SELECT set_config('session_replication_role', 'replica', true)`.execute(this.db);
    } catch (error) {
      if ((error as { code?: string }).code !== '42501') throw error;
      throw new BackupError(
        'RESTORE_NEEDS_SUPERUSER',
        "loading rows with triggers off (session_replication_role) needs a superuser: restore as the postgres user (or another superuser), then use the platform's own role",
      );
    }
  }

  async serverVersion(): Promise<string> {
    const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(this.db);
    return rows[0]!.v;
  }

  /** The tables of the current schema. */
  async tableNames(): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`.execute(this.db);
    return rows.map((r) => r.name);
  }

  /**
   * Every table of the current schema, parents before the tables whose foreign keys point at them
   * (ties and cycles by name), with columns and primary key.
   */
  async tables(): Promise<TableInfo[]> {
    const names = await this.tableNames();
    const { rows: columns } = await sql<{
      table: string;
      name: string;
      type: string;
      identity: string;
      generated: string;
    }>`
      SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
        a.attidentity::text AS identity, a.attgenerated::text AS generated
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`.execute(this.db);
    const { rows: keys } = await sql<{ table: string; name: string }>`
      SELECT c.relname AS "table", a.attname AS name
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() AND i.indisprimary
      ORDER BY c.relname, k.position`.execute(this.db);
    const { rows: references } = await sql<{ child: string; parent: string }>`
      SELECT DISTINCT c.relname AS child, p.relname AS parent
      FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE f.contype = 'f' AND n.nspname = current_schema() AND f.conrelid <> f.confrelid`.execute(this.db);
    const info = new Map<string, TableInfo>(names.map((name) => [name, { name, columns: [], primaryKey: [] }]));
    for (const c of columns) {
      info.get(c.table)?.columns.push({
        name: c.name,
        type: c.type,
        identity: (c.identity === 'a' || c.identity === 'd' ? c.identity : '') as ColumnInfo['identity'],
        generated: c.generated === 's' || c.generated === 'v',
      });
    }
    for (const k of keys) info.get(k.table)?.primaryKey.push(k.name);
    return foreignKeyOrder(names, references).map((name) => info.get(name)!);
  }

  async appliedMigrations(): Promise<string[]> {
    const names = await this.tableNames();
    if (!names.includes('schema_migrations')) return [];
    const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(this.db);
    return rows.map((r) => r.name);
  }

  /** Row count and checksum of one table, aggregated in the database (nothing held in memory). */
  async checksum(table: TableInfo): Promise<TableChecksum> {
    const row = `ROW(${table.columns.map((c) => ident(c.name)).join(', ')})::text`;
    const { rows } = await sql<{ n: number; checksum: string }>`
      SELECT count(*)::int AS n, md5(count(*)::text || ':' ||
        coalesce(sum(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0)::text || ':' ||
        coalesce(sum(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0)::text) AS checksum
      FROM (SELECT md5(${sql.raw(row)}) AS h FROM ${sql.id(table.name)}) AS q`.execute(this.db);
    return { rows: rows[0]!.n, checksum: rows[0]!.checksum };
  }

  /**
   * Streams a table's rows in primary-key order through a cursor, each as the JSON text of an
   * array of its copied columns' text (null for NULL), `batch` rows at a time. Inside a transaction.
   */
  async *rows(table: TableInfo, batch = 1000): AsyncGenerator<string[]> {
    const values = copiedColumns(table).map((c) => `${ident(c.name)}::text`);
    const order = table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map(ident).join(', ')}` : '';
    await sql
      .raw(
        `DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT to_json(ARRAY[${values.join(', ')}]::text[])::text AS line FROM ${ident(table.name)}${order}`,
      )
      .execute(this.db);
    try {
      for (;;) {
        const { rows } = await sql.raw<{ line: string }>(`FETCH FORWARD ${batch} FROM ${CURSOR}`).execute(this.db);
        if (rows.length === 0) break;
        yield rows.map((r) => r.line);
        if (rows.length < batch) break;
      }
    } finally {
      await sql.raw(`CLOSE ${CURSOR}`).execute(this.db);
    }
  }

  /**
   * Inserts rows given as JSON arrays of column text (as `rows` writes them), casting each value
   * back to its column's type; identity values are kept (OVERRIDING SYSTEM VALUE). Returns the count.
   */
  async insertRows(table: TableInfo, columns: ColumnInfo[], lines: string[]): Promise<number> {
    if (lines.length === 0) return 0;
    const names = columns.map((c) => ident(c.name)).join(', ');
    const casts = columns.map((c, i) => `(r ->> ${i})::${c.type}`).join(', ');
    const overriding = columns.some((c) => c.identity) ? ' OVERRIDING SYSTEM VALUE' : '';
    const result =
      await sql`${sql.raw(`INSERT INTO ${ident(table.name)} (${names})${overriding} SELECT ${casts} FROM jsonb_array_elements(`)}${`[${lines.join(',')}]`}${sql.raw('::jsonb) AS r')}`.execute(
        this.db,
      );
    return Number(result.numAffectedRows ?? 0);
  }

  /** Empties the given tables (rows the migrations put there, before a restore loads its own). */
  async truncate(tables: string[]): Promise<void> {
    if (tables.length) await sql.raw(`TRUNCATE ${tables.map(ident).join(', ')}`).execute(this.db);
  }

  async hasRows(table: string): Promise<boolean> {
    const { rows } = await sql.raw<{ x: number }>(`SELECT 1 AS x FROM ${ident(table)} LIMIT 1`).execute(this.db);
    return rows.length > 0;
  }

  /** The sequences of the current schema with where they stand (not transactional: at least as far as any snapshot). */
  async sequences(): Promise<SequenceState[]> {
    const { rows } = await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY c.relname`.execute(this.db);
    const states: SequenceState[] = [];
    for (const { name } of rows) {
      const { rows: s } = await sql
        .raw<{ last_value: string; is_called: boolean }>(
          `SELECT last_value::text AS last_value, is_called FROM ${ident(name)}`,
        )
        .execute(this.db);
      states.push({ name, lastValue: s[0]!.last_value, isCalled: s[0]!.is_called });
    }
    return states;
  }

  async setSequence(state: SequenceState): Promise<void> {
    await sql`SELECT setval(${ident(state.name)}::regclass, ${state.lastValue}::bigint, ${state.isCalled})`.execute(
      this.db,
    );
  }

  /** Moves an identity column's sequence past the column's largest value, so new ids continue after it. */
  async advanceIdentity(table: TableInfo, column: ColumnInfo): Promise<void> {
    const { rows } = await sql<{
      seq: string | null;
    }>`SELECT pg_get_serial_sequence(${ident(table.name)}, ${column.name}) AS seq`.execute(this.db);
    const seq = rows[0]?.seq;
    if (!seq) return;
    const { rows: top } = await sql
      .raw<{ top: string | null }>(`SELECT max(${ident(column.name)})::text AS top FROM ${ident(table.name)}`)
      .execute(this.db);
    if (top[0]?.top == null) return;
    const { rows: state } = await sql
      .raw<{ last_value: string; is_called: boolean }>(`SELECT last_value::text AS last_value, is_called FROM ${seq}`)
      .execute(this.db);
    const used = BigInt(state[0]!.last_value) - (state[0]!.is_called ? 0n : 1n);
    if (BigInt(top[0].top) > used)
      await sql`SELECT setval(${seq}::regclass, ${top[0].top}::bigint, true)`.execute(this.db);
  }

  /**
   * The attachments' stored files (storage key, size and hash as the database recorded them),
   * streamed by a cursor in key order. Inside a transaction; nothing when there is no such table.
   */
  async *attachmentFiles(batch = 500): AsyncGenerator<{ key: string; sha256: string; size: number }[]> {
    if (!(await this.tableNames()).includes('attachments')) return;
    await sql
      .raw(
        `DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT storage_key AS key, sha256, size_bytes::bigint AS size FROM attachments ORDER BY storage_key`,
      )
      .execute(this.db);
    try {
      for (;;) {
        const { rows } = await sql
          .raw<{ key: string; sha256: string; size: number }>(`FETCH FORWARD ${batch} FROM ${CURSOR}`)
          .execute(this.db);
        if (rows.length === 0) break;
        yield rows;
        if (rows.length < batch) break;
      }
    } finally {
      await sql.raw(`CLOSE ${CURSOR}`).execute(this.db);
    }
  }

  /** Runs a migration's SQL inside the caller's transaction. */
  async runSql(text: string): Promise<void> {
    await sql.raw(text).execute(this.db);
  }

  async lockMigrations(): Promise<void> {
    // the platform's migrate() takes this lock: a server starting on the target waits for the restore
    await sql`SELECT pg_advisory_xact_lock(4201337)`.execute(this.db);
  }
}

/** Kahn's order: a table after every table it references; among the ready ones, by name. */
export function foreignKeyOrder(names: string[], references: { child: string; parent: string }[]): string[] {
  const known = new Set(names);
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const r of references) if (known.has(r.child) && known.has(r.parent)) parents.get(r.child)!.add(r.parent);
  const order: string[] = [];
  const done = new Set<string>();
  const remaining = [...names].sort();
  while (remaining.length) {
    const ready = remaining.findIndex((n) => [...parents.get(n)!].every((p) => done.has(p)));
    // a cycle: take the first by name (rows are loaded with foreign-key checks off anyway)
    const [next] = remaining.splice(ready === -1 ? 0 : ready, 1);
    order.push(next!);
    done.add(next!);
  }
  return order;
}
