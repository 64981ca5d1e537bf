/**
 * Applies migrations/*.sql in name order, each once, each in its own transaction, under an
 * advisory lock so two servers starting together do not race. The same files run on PGlite and
 * PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const LOCK_ID = 4_201_337;

/** The migration files this code knows, in the order they apply. */
export function migrationNames(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
}

/** One migration's SQL (a name from migrationNames). */
export function migrationSql(name: string): string {
  return fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8');
}

/** The log of applied migrations (restore creates it inside its own transaction). */
export async function createMigrationsTable(db: Kysely<Schema>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
    db,
  );
}

export async function migrate(db: Kysely<Schema>): Promise<string[]> {
  const files = migrationNames();
  const applied: string[] = [];
  await createMigrationsTable(db);
  for (const file of files) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${LOCK_ID})`.execute(trx);
      const seen = await trx.selectFrom('schema_migrations').select('name').where('name', '=', file).executeTakeFirst();
      if (seen) return false;
      const text = migrationSql(file);
      await sql.raw(text).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: file }).execute();
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
