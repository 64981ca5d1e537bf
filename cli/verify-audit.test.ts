/**
 * `yiwang verify-audit` as an operator runs it: against the embedded data folder (or, in the
 * PostgreSQL pass, a schema of the test server named in DATABASE_URL) — exit 0 with the count when
 * the chain is whole; exit 1 naming the first broken link after a record was changed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { AuditRepository } from '../server/audit/audit.repository.js';

const serverUrl = process.env.TEST_DATABASE_URL || null;
const schema = `t_${randomBytes(6).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-audit-'));
/** The database the command is pointed at. */
const databaseUrl = serverUrl
  ? (() => {
      const u = new URL(serverUrl);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return u.toString();
    })()
  : '';

async function open(): Promise<Database> {
  return serverUrl ? openDatabase({ url: serverUrl, schema }) : openDatabase({ dataDir });
}

function verifyAudit() {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/yiwang.ts', 'verify-audit'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
});

describe('yiwang verify-audit', () => {
  it('counts a whole chain and exits 0; names the first broken link and exits 1', async () => {
    let database = await open();
    await migrate(database.db);
    const repo = new AuditRepository(database.db);
    for (let i = 0; i < 120; i++) {
      await repo.append({
        at: new Date(Date.UTC(2026, 10, 24, 2, 0, i)),
        actorId: i,
        actorName: null,
        actorRole: 'grid_worker',
        actorJurisdiction: '620999100201001',
        action: 'POST /api/events',
        targetType: 'events',
        targetId: String(i),
        clientAddress: '127.0.0.1',
        status: 201,
        errorCode: null,
        details: null,
      });
    }
    await database.close();

    const whole = verifyAudit();
    expect(whole.stderr).not.toMatch(/BROKEN/);
    expect(whole.status).toBe(0);
    expect(whole.stdout).toMatch(/audit records verified: 120 /);
    expect(whole.stdout).toMatch(/whole up to record 120; its hash [0-9a-f]{64}/);

    database = await open();
    await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`UPDATE audit_records SET target_id = '999' WHERE id = 77`.execute(trx);
    });
    await database.close();

    const broken = verifyAudit();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/audit records verified: 76 /);
    expect(broken.stderr).toMatch(/BROKEN at record 77 \(2026-11-24T02:01:16\.000Z\): hash_mismatch/);
  }, 240_000);
});
