/**
 * The database seam: the same Kysely instance over either the embedded PGlite (default, a local
 * folder, guarded by a lock file) or a PostgreSQL server (DATABASE_URL). PGlite is reached through
 * its node-postgres shim, a pool of exactly one connection, so a transaction holds the database
 * for its duration on both adapters, and every query and migration is the same SQL.
 */
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Schema } from './schema.js';
import { lockFolder, type FolderLock } from './folder-lock.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  kind: DatabaseKind;
  close(): Promise<void>;
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
    async close() {
      await db.destroy();
    },
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
    async close() {
      await db.destroy();
      await lite.close();
      lock?.release();
    },
  };
}
