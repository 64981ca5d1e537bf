/**
 * The database seam: the same Kysely instance over either the embedded PGlite (default, a local
 * folder, guarded by a lock file) or a PostgreSQL server (DATABASE_URL). PGlite is reached through
 * its node-postgres shim, a pool of exactly one connection, so a transaction holds the database
 * for its duration on both adapters, and every query and migration is the same SQL.
 */
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Schema } from './schema.js';
import { lockFolder, type FolderLock } from './folder-lock.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  kind: DatabaseKind;
  /** LISTEN on a channel (see NotificationSource). */
  listen: NotificationSource;
  close(): Promise<void>;
}

/**
 * Subscribes to a PostgreSQL notification channel (LISTEN / pg_notify): `onPayload` gets each
 * payload once its transaction has committed. On PostgreSQL a dedicated connection listens (and
 * reconnects after a drop, calling `onReconnect`: notifications sent meanwhile are lost, so the
 * caller resynchronises); on PGlite the instance itself does. Resolves once listening; the
 * returned function stops.
 */
export type NotificationSource = (
  channel: string,
  onPayload: (payload: string) => void,
  options?: { onReconnect?: () => void },
) => Promise<() => Promise<void>>;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// Dates and counts come back as JS values; bigint (count(*)) as number — our counts fit.
pg.types.setTypeParser(20, (value: string) => Number(value));

export interface OpenOptions {
  /** postgres://… ; null or undefined opens the embedded database. */
  url?: string | null;
  /** Folder of the embedded database; `memory://` for a throwaway one. */
  dataDir?: string;
  /** Use this schema (created if missing) on PostgreSQL: tests get one each. */
  schema?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.schema, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory://');
}

async function openPostgres(url: string, schema: string | undefined, poolSize: number): Promise<Database> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // A dropped connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    listen: (channel, onPayload, options) => listenPostgres(url, channel, onPayload, options?.onReconnect),
    async close() {
      await db.destroy();
    },
  };
}

/** A connection of its own (a pooled one would lose its LISTEN when returned), reconnected with back-off. */
async function listenPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delay = 500;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    c.on('error', () => reconnect(c));
    c.on('end', () => reconnect(c));
    await c.connect();
    await c.query(`LISTEN ${quoteIdent(channel)}`);
    client = c;
    delay = 500;
  };
  const reconnect = (failed: pg.Client) => {
    if (stopped || client !== failed) return;
    client = null;
    failed.end().catch(() => {});
    const attempt = () => {
      retryTimer = null;
      if (stopped) return;
      connect().then(
        () => onReconnect?.(),
        () => {
          delay = Math.min(delay * 2, 30_000);
          retryTimer = setTimeout(attempt, delay);
        },
      );
    };
    retryTimer = setTimeout(attempt, delay);
  };
  await connect();
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let lock: FolderLock | null = null;
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    lock = lockFolder(dataDir);
    location = path.join(dataDir, 'pgdata');
  }
  let lite;
  try {
    lite = await PGlite.create(location);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const pool = new pg.Pool({ ...(createPgConfig(lite) as object), max: 1 } as pg.PoolConfig);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    // PGlite is one session: LISTEN goes through the pool (so it never lands inside another
    // caller's open transaction), and the instance hands every notification to its callbacks.
    async listen(channel, onPayload) {
      const off = lite.onNotification((ch, payload) => {
        if (ch === channel) onPayload(payload);
      });
      await sql.raw(`LISTEN ${quoteIdent(channel)}`).execute(db);
      return async () => {
        off();
        await sql
          .raw(`UNLISTEN ${quoteIdent(channel)}`)
          .execute(db)
          .catch(() => {});
      };
    },
    async close() {
      await db.destroy();
      await lite.close();
      lock?.release();
    },
  };
}
