/**
 * Backup, restore and migrate-to on a populated test county (events with actions, attachments
 * with files): from PGlite (and, on the PostgreSQL pass, from PostgreSQL too) into a fresh PGlite
 * folder, a fresh PostgreSQL database (created and dropped here) and straight across with
 * migrate-to; the restored platform works; bad files and non-empty targets are refused and leave
 * nothing behind. The PostgreSQL targets need TEST_DATABASE_URL (npm run test:pg).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_ENV, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P } from '../testing/test-county.js';
import { openDatabase, type Database } from '../db/database.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { DiskStorage } from '../storage/attachment-storage.js';
import { DatabaseClockSettings, calendarFor } from '../deadlines/clock-settings.js';
import { DatabaseGridIndex } from '../geo/grid-index.js';
import { BackupRepository, foreignKeyOrder } from './backup.repository.js';
import { BACKUP_ERROR_CODES, BackupError, readBackupFile, type BackupItem } from './backup-format.js';
import {
  backupToFile,
  migrateDatabase,
  restoreFromFile,
  restoreItems,
  formatVerification,
  VerificationFailed,
  type Verification,
} from './backup.service.js';
import { backupCommand, restoreCommand } from './backup.commands.js';
import { verifyAuditChain } from '../audit/verify-audit.js';
import { multipart } from '../testing/multipart.js';

const PG_URL = process.env.TEST_DATABASE_URL || null;
const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d8a0a80000000049454e44ae426082',
  'hex',
);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-backup-test-'));
const cleanups: (() => Promise<void>)[] = [];

/** The embedded test database whatever TEST_DATABASE_URL says: the usual source of a migrate-to. */
async function pgliteContext(): Promise<TestContext> {
  const saved = process.env.TEST_DATABASE_URL;
  delete process.env.TEST_DATABASE_URL;
  try {
    return await createTestContext();
  } finally {
    if (saved !== undefined) process.env.TEST_DATABASE_URL = saved;
  }
}

interface Populated {
  ctx: TestContext;
  filesRoot: string;
  /** Attachment id → the bytes uploaded. */
  photos: Map<string, Buffer>;
  resolvedEventId: number;
}

/** The test county with events reported, handled and closed, photos attached, a citizen's report; files on disk under filesRoot. */
async function populate(ctx: TestContext, name: string): Promise<Populated> {
  await buildTestCounty(ctx.database.db);
  const as = (user: string) => ctx.login(user);
  const photos = new Map<string, Buffer>();
  const upload = async (user: string, bytes: Buffer) => {
    const up = multipart(bytes, 'photo.png');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...up.headers, ...(await as(user)) },
      payload: up.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    photos.set(res.json().attachment.id, bytes);
    return res.json().attachment.id as string;
  };
  const report = async (user: string, body: Record<string, unknown>) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as(user),
      payload: {
        categoryCode: 'hazard.fire.exits',
        description: '楼道堆放杂物堵塞消防通道 "引号" \\反斜杠\\ 换行\n第二行',
        ...body,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().event.id as number;
  };
  const act = async (user: string, id: number, action: string, body: Record<string, unknown> = {}) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${id}/actions/${action}`,
      headers: await as(user),
      payload: body,
    });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  };
  const first = await report('gw_a1', { location: P.inGridA1a, attachmentIds: [await upload('gw_a1', png)] });
  await act('sec_a', first, 'accept');
  await act('sec_a', first, 'start');
  await act('sec_a', first, 'resolve', { note: '已清理，通道畅通' });
  const second = await report('gw_a2', {
    location: P.inGridA1b,
    riskLevel: 'yellow',
    attachmentIds: [await upload('gw_a2', Buffer.concat([png, randomBytes(300_000)]))],
  });
  await act('sec_a', second, 'accept');
  await act('town_a_op', second, 'urge', { note: '请尽快处置' });
  const third = await report('gw_b1', { location: P.inGridB1a });
  await act('sec_b', third, 'accept');
  await act('sec_b', third, 'start');
  await act('sec_b', third, 'resolve', { note: '处理完毕' });
  await act('town_b_op', third, 'verify');
  await act('town_b_op', third, 'close');
  const citizen = await ctx.app.inject({
    method: 'POST',
    url: '/api/public/events',
    payload: {
      categoryCode: 'uncivil.public.littering',
      description: '河边有人倾倒建筑垃圾',
      location: P.inGridB1a,
      reporterPhone: '13712345678',
    },
  });
  expect(citizen.statusCode, citizen.body).toBe(201);
  await ctx.dispatcher.drain();
  // the platform keeps files under DATA_DIR/files; the test context keeps them in memory
  const filesRoot = path.join(tmp, name, 'files');
  for (const [key, bytes] of ctx.storage.files) {
    fs.mkdirSync(path.dirname(path.join(filesRoot, key)), { recursive: true });
    fs.writeFileSync(path.join(filesRoot, key), bytes);
  }
  return { ctx, filesRoot, photos, resolvedEventId: first };
}

/** A new, empty PostgreSQL database on the test server; dropped after the file. */
async function freshPgDatabase(): Promise<string> {
  const name = `yiwang_backup_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL! });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: PG_URL! });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function tableNames(database: Database): Promise<string[]> {
  return new BackupRepository(database.db).tableNames();
}

function expectIdentical(v: Verification, tables: string[]) {
  expect(v.ok, formatVerification(v)).toBe(true);
  expect(v.tables.map((t) => t.table).sort()).toEqual([...tables].sort());
  for (const t of v.tables) {
    expect(t.targetRows, t.table).toBe(t.sourceRows);
    expect(t.targetChecksum, t.table).toBe(t.sourceChecksum);
  }
}

/** The platform over a restored database: list events, download a photo, act, report a new event. */
async function expectPlatformWorks(database: Database, filesRoot: string, source: Populated, v: Verification) {
  const clock = new Date('2026-11-24T03:00:00Z');
  const app = await buildApp({
    config: loadConfig({ ...TEST_ENV, DATA_DIR: path.dirname(filesRoot) } as NodeJS.ProcessEnv),
    db: database.db,
    dbKind: database.kind,
    now: () => clock,
    storage: new DiskStorage(filesRoot),
    clocks: new DatabaseClockSettings(database.db, calendarFor(database.db)),
    gridIndex: new DatabaseGridIndex(database.db, () => clock.getTime(), 0),
  });
  try {
    // the audit trail came over as it was: its hash chain still verifies, and new appends continue it
    const chain = await verifyAuditChain(database.db);
    expect(chain.broken).toBeNull();
    expect(chain.verified).toBe(v.tables.find((t) => t.table === 'audit_records')!.sourceRows);
    expect(chain.verified).toBeGreaterThan(0);
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: 'secret123' },
      });
      expect(res.statusCode, res.body).toBe(200);
      return { authorization: `Bearer ${res.json().token}` };
    };
    const county = await login('county_op');
    const list = await app.inject({ method: 'GET', url: '/api/events?pageSize=50', headers: county });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(v.tables.find((t) => t.table === 'events')!.sourceRows);
    // the evidence came along
    const town = await login('town_a_op');
    const detail = await app.inject({ method: 'GET', url: `/api/events/${source.resolvedEventId}`, headers: town });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().history.map((h: { action: string }) => h.action)).toEqual([
      'report',
      'dispatch',
      'accept',
      'start',
      'resolve',
    ]);
    const photo = await app.inject({ method: 'GET', url: detail.json().attachments[0].url, headers: town });
    expect(photo.statusCode).toBe(200);
    expect(Buffer.compare(photo.rawPayload, source.photos.get(detail.json().attachments[0].id)!)).toBe(0);
    // an action still works (the history's triggers are back on after the load)
    const verify = await app.inject({
      method: 'POST',
      url: `/api/events/${source.resolvedEventId}/actions/verify`,
      headers: town,
      payload: {},
    });
    expect(verify.statusCode, verify.body).toBe(200);
    await expect(sql`UPDATE event_history SET note = 'x'`.execute(database.db)).rejects.toThrow();
    // new ids continue after the largest restored one
    const { rows } = await sql<{ top: number }>`SELECT max(id)::int AS top FROM events`.execute(database.db);
    const fresh = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await login('gw_a1'),
      payload: { categoryCode: 'hazard.fire.exits', description: '恢复后的新事件', location: P.inGridA1a },
    });
    expect(fresh.statusCode, fresh.body).toBe(201);
    // (a sequence is not part of the snapshot: one a write took during the backup stays taken, a gap)
    expect(fresh.json().event.id).toBeGreaterThan(rows[0]!.top);
    expect(fresh.json().event.id).toBeLessThanOrEqual(rows[0]!.top + 2);
    // the figures (rollups restored as they were, their trigger back on) still answer
    const kpis = await app.inject({ method: 'GET', url: '/api/analytics/kpis?preset=this_month', headers: county });
    expect(kpis.statusCode, kpis.body).toBe(200);
    const after = await verifyAuditChain(database.db);
    expect(after.broken).toBeNull();
    expect(after.verified).toBeGreaterThan(chain.verified);
  } finally {
    await app.close();
  }
}

let lite: Populated;
let file: string;
let liteTables: string[];

beforeAll(async () => {
  lite = await populate(await pgliteContext(), 'lite');
  liteTables = await tableNames(lite.ctx.database);
  file = path.join(tmp, 'lite.jsonl.gz');
}, 120_000);

afterAll(async () => {
  await lite?.ctx.close();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('docs/errors.md', () => {
  it('lists every code the backup commands stop with, and nothing else', () => {
    const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Command-line errors'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...BACKUP_ERROR_CODES].sort());
  });
});

describe('foreignKeyOrder', () => {
  it('puts every table after the tables it references, cycles by name', () => {
    expect(
      foreignKeyOrder(
        ['events', 'people', 'history', 'jurisdictions'],
        [
          { child: 'events', parent: 'people' },
          { child: 'people', parent: 'jurisdictions' },
          { child: 'history', parent: 'events' },
        ],
      ),
    ).toEqual(['jurisdictions', 'people', 'events', 'history']);
    expect(
      foreignKeyOrder(
        ['b', 'a'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toEqual(['a', 'b']);
  });
});

describe('backup and restore from the embedded database', () => {
  let restored: Database;
  const dataDir = path.join(tmp, 'restored-lite');

  it('backs up every table and file, and reads the file back identical', async () => {
    const { verification, header } = await backupToFile(lite.ctx.database, lite.filesRoot, file);
    expectIdentical(verification, liteTables);
    expect(header.migrations.length).toBeGreaterThan(5);
    // the tables other parts add (history, rollups, outbox …) are found from the catalog, parents first
    expect(header.tables).toEqual(
      expect.arrayContaining(['events', 'event_history', 'outbox', 'kpi_place_day', 'schema_migrations']),
    );
    expect(header.tables.indexOf('jurisdictions')).toBeLessThan(header.tables.indexOf('events'));
    expect(header.tables.indexOf('events')).toBeLessThan(header.tables.indexOf('event_history'));
    expect(verification.files).toMatchObject({ source: 2, target: 2, ok: true, missing: [] });
    expect(verification.tables.find((t) => t.table === 'events')!.sourceRows).toBe(4);
  });

  it('restores into a fresh embedded folder: identical counts and checksums, and the platform works on it', async () => {
    restored = await openDatabase({ dataDir });
    const v = await restoreFromFile(file, {
      database: restored,
      filesRoot: path.join(dataDir, 'files'),
      where: 'test folder',
    });
    expectIdentical(v, liteTables);
    expect(v.files).toMatchObject({ source: 2, target: 2, ok: true });
    await expectPlatformWorks(restored, path.join(dataDir, 'files'), lite, v);
  }, 60_000);

  it('refuses a non-empty target and changes nothing in it', async () => {
    const before = (await new BackupRepository(restored.db).tableNames()).length;
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM events`.execute(restored.db);
    const error = await restoreFromFile(file, {
      database: restored,
      filesRoot: null,
      where: 'the restored folder',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(error.code).toBe('RESTORE_TARGET_NOT_EMPTY');
    expect(error.message).toMatch(/the restored folder is not empty: it has \d+ tables/);
    expect((await new BackupRepository(restored.db).tableNames()).length).toBe(before);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM events`.execute(restored.db)).rows[0]!.n).toBe(
      events.rows[0]!.n,
    );
    await restored.close();
  });

  it('runs as commands: backup of a folder in use is refused; backup and restore print ✓ and exit 0', async () => {
    const out: string[] = [];
    const print = (line: string) => out.push(line);
    const config = loadConfig({ ...TEST_ENV, DATA_DIR: dataDir } as NodeJS.ProcessEnv);
    const holder = await openDatabase({ dataDir });
    try {
      expect(await backupCommand(config, path.join(tmp, 'in-use.jsonl.gz'), print)).toBe(1);
      expect(out.join('\n')).toMatch(/BACKUP_SOURCE_IN_USE: .*already in use[\s\S]*stop it first/);
      expect(fs.existsSync(path.join(tmp, 'in-use.jsonl.gz'))).toBe(false);
    } finally {
      await holder.close();
    }
    out.length = 0;
    const second = path.join(tmp, 'second.jsonl.gz');
    expect(await backupCommand(config, second, print)).toBe(0);
    expect(out.join('\n')).toMatch(/events\s+5\s+5\s+[0-9a-f]{12}\s+✓/);
    expect(out.join('\n')).toMatch(/identical ✓/);
    expect(out.join('\n')).toMatch(/rows\/s/);
    // the personal-data key stays out of the backup, and the command says so
    expect(out.join('\n')).toMatch(
      /the personal-data key is not in the backup[\s\S]*under key test: keep PII_KEYS safe/,
    );
    expect(zlib.gunzipSync(fs.readFileSync(second)).includes(Buffer.alloc(32, 7).toString('base64'))).toBe(false);
    out.length = 0;
    const again = path.join(tmp, 'again');
    expect(await restoreCommand(loadConfig({ ...TEST_ENV, DATA_DIR: again } as NodeJS.ProcessEnv), second, print)).toBe(
      0,
    );
    expect(out.join('\n')).toMatch(/identical ✓/);
    expect(out.join('\n')).toMatch(/personal-data key test present \(PII_KEYS\) ✓/);
    // restored where that key is not: the command says the platform will not start without it
    out.length = 0;
    const keyless = path.join(tmp, 'keyless');
    expect(
      await restoreCommand(
        loadConfig({ ...TEST_ENV, PII_KEYS: '', DATA_DIR: keyless } as NodeJS.ProcessEnv),
        second,
        print,
      ),
    ).toBe(0);
    expect(out.join('\n')).toMatch(/under key test, which this installation does not have yet[\s\S]*refuses to start/);
    expect(fs.readdirSync(path.join(again, 'files')).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('bad backup files', () => {
  // one target for every refusal: each must leave it as empty as it found it
  let target: Database;
  const filesRoot = path.join(tmp, 'bad', 'files');
  beforeAll(async () => {
    target = await openDatabase({ dataDir: 'memory://' });
    fs.mkdirSync(path.dirname(filesRoot), { recursive: true });
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Restores, expecting a refusal; the target must hold no tables and no files afterwards. */
  async function refused(bad: string, code: string, message: RegExp) {
    const error = await restoreFromFile(bad, { database: target, filesRoot, where: 'target' }).catch((e) => e);
    expect(error, String(error)).toBeInstanceOf(BackupError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await tableNames(target)).toEqual([]);
    expect(fs.existsSync(filesRoot)).toBe(false);
    expect(fs.readdirSync(path.dirname(filesRoot))).toEqual([]);
  }
  const lines = () => zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
  const write = (name: string, text: string) => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, zlib.gzipSync(text));
    return p;
  };

  it('refuses a truncated file, wherever it is cut', async () => {
    const bytes = fs.readFileSync(file);
    const cut = path.join(tmp, 'cut.jsonl.gz');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await refused(cut, 'BACKUP_FILE_TRUNCATED', /is truncated: the compressed stream ends early/);
    // cut at a line boundary and compressed again: no end line
    const text = lines();
    await refused(
      write('no-end.jsonl.gz', text.slice(0, text.length - 8).join('\n') + '\n'),
      'BACKUP_FILE_TRUNCATED',
      /is truncated: it stops inside file|is truncated: it has no end line/,
    );
    await refused(
      write(
        'half-table.jsonl.gz',
        text.slice(0, text.findIndex((l) => l.startsWith('{"table":"events"')) + 2).join('\n') + '\n',
      ),
      'BACKUP_FILE_TRUNCATED',
      /stops inside table events/,
    );
  }, 60_000);

  it('refuses damaged bytes, edited rows and files, and what is not a backup', async () => {
    const bytes = Buffer.from(fs.readFileSync(file));
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    const damaged = path.join(tmp, 'damaged.jsonl.gz');
    fs.writeFileSync(damaged, bytes);
    await refused(damaged, 'BACKUP_FILE_CORRUPT', /is corrupt/);
    // a row changed inside a valid gzip stream: the table's hash names it (after its rows were loaded: all rolled back)
    const text = lines();
    const row = text.findIndex((l, i) => i > 0 && text[i - 1]!.startsWith('{"table":"events"'));
    const edited = [...text];
    edited[row] = edited[row]!.replace('楼道', '走廊');
    expect(edited[row]).not.toBe(text[row]);
    await refused(
      write('edited.jsonl.gz', edited.join('\n')),
      'BACKUP_FILE_CORRUPT',
      /the rows of table events do not match their sha256/,
    );
    // a photo's bytes changed
    const chunk = text.findIndex((l) => l.startsWith('"'));
    const photo = [...text];
    photo[chunk] = JSON.stringify(Buffer.from('not the photo').toString('base64'));
    await refused(
      write('photo.jsonl.gz', photo.join('\n')),
      'BACKUP_FILE_CORRUPT',
      /file .* (does not match its sha256|has \d+ of its)/,
    );
    const plain = path.join(tmp, 'plain.txt');
    fs.writeFileSync(plain, 'hello');
    await refused(plain, 'BACKUP_FILE_CORRUPT', /not a backup file \(not gzip\)/);
    await refused(write('json.jsonl.gz', '{"hello":1}\n'), 'BACKUP_FILE_CORRUPT', /not a Yiwang backup/);
  }, 60_000);

  it('refuses a backup made by a newer version (unknown migrations)', async () => {
    const text = lines();
    const header = JSON.parse(text[0]!);
    header.migrations.push('999_from_the_future.sql');
    text[0] = JSON.stringify(header);
    await refused(
      write('future.jsonl.gz', text.join('\n')),
      'BACKUP_TOO_NEW',
      /999_from_the_future\.sql are unknown to this one/,
    );
  });

  it('rolls back when a checksum disagrees, printing where', async () => {
    async function* tampered(): AsyncGenerator<BackupItem> {
      for await (const item of readBackupFile(file))
        yield item.kind === 'tableEnd' && item.name === 'people' ? { ...item, checksum: '0'.repeat(32) } : item;
    }
    const error = await restoreItems(tampered(), { database: target, filesRoot, where: 'target' }).catch((e) => e);
    expect(error).toBeInstanceOf(VerificationFailed);
    const printed = formatVerification(error.verification);
    expect(printed).toMatch(/people\s+\d+\s+\d+\s+000000000000 ≠ [0-9a-f]{12}\s+✗/);
    expect(printed).toMatch(/events\s+4\s+4\s+[0-9a-f]{12}\s+✓/);
    expect(printed).toMatch(/MISMATCH ✗/);
    expect(await tableNames(target)).toEqual([]);
    expect(fs.existsSync(filesRoot)).toBe(false);
  });
});

describe.skipIf(!PG_URL)('PostgreSQL targets and sources', () => {
  it('gives identical data identical checksums on PGlite (PostgreSQL 18) and the server', async () => {
    const liteDb = await openDatabase({ dataDir: 'memory://' });
    const serverDb = await openDatabase({ url: await freshPgDatabase(), poolSize: 1 });
    const values = `(1, 0.1::float8, 1e-300::float8, -0::float8, 'NaN'::float8, 123456789.123456789::numeric, '2026-03-08 23:59:59.123456+08'::timestamptz,
        '2026-03-09'::date, '1 day 02:03:04'::interval, true, '{"a": [1, 2.50, "三"], "b": null}'::jsonb, ARRAY['x,y', 'quote"', NULL]::text[],
        E'line\\nbreak \\\\ tab\\t 引号"', '\\xdeadbeef'::bytea, 9007199254740993::bigint), (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;
    const sums: string[] = [];
    try {
      for (const [database, timeZone] of [
        [liteDb, 'Asia/Shanghai'],
        [serverDb, 'America/New_York'],
      ] as const) {
        await sql
          .raw(
            `CREATE TABLE sample (id int PRIMARY KEY, f float8, tiny float8, negzero float8, nan float8, n numeric, at timestamptz, d date, i interval,
          b boolean, j jsonb, a text[], t text, bin bytea, big bigint)`,
          )
          .execute(database.db);
        // whatever the session's own settings, the pinned ones decide the text
        await sql.raw(`SET TimeZone = '${timeZone}'`).execute(database.db);
        await sql.raw(`INSERT INTO sample VALUES ${values}`).execute(database.db);
        sums.push(
          await database.db.transaction().execute(async (trx) => {
            const repo = new BackupRepository(trx);
            await repo.pinTextSettings();
            const [table] = (await repo.tables()).filter((t) => t.name === 'sample');
            return (await repo.checksum(table!)).checksum;
          }),
        );
      }
      expect(sums[0]).toBe(sums[1]);
      // and a different value gives a different checksum
      await sql`UPDATE sample SET f = 0.1000000000000001 WHERE id = 1`.execute(serverDb.db);
      const changed = await serverDb.db.transaction().execute(async (trx) => {
        const repo = new BackupRepository(trx);
        await repo.pinTextSettings();
        return (await repo.checksum((await repo.tables()).find((t) => t.name === 'sample')!)).checksum;
      });
      expect(changed).not.toBe(sums[0]);
    } finally {
      await liteDb.close();
      await serverDb.close();
    }
  });

  it('restores the embedded backup into a fresh PostgreSQL database, where the platform works', async () => {
    const target = await openDatabase({ url: await freshPgDatabase(), poolSize: 4 });
    const filesRoot = path.join(tmp, 'pg-restored', 'files');
    try {
      const v = await restoreFromFile(file, { database: target, filesRoot, where: 'fresh database' });
      expectIdentical(v, liteTables);
      expect(v.target).toMatch(/^PostgreSQL 1\d/);
      expect(v.source).toMatch(/^PGlite/);
      await expectPlatformWorks(target, filesRoot, lite, v);
    } finally {
      await target.close();
    }
  }, 60_000);

  it('migrate-to copies the embedded database straight into a fresh PostgreSQL database', async () => {
    const url = await freshPgDatabase();
    const target = await openDatabase({ url, poolSize: 4 });
    try {
      const v = await migrateDatabase(lite.ctx.database, target, url);
      expectIdentical(v, liteTables);
      expect(formatVerification(v)).toMatch(/PGlite .* → .*: \d+ tables, [\d,]+ rows, 0 files — identical ✓/);
      // a second run finds it taken
      const again = await migrateDatabase(lite.ctx.database, target, url).catch((e) => e);
      expect(again.code).toBe('RESTORE_TARGET_NOT_EMPTY');
      await expectPlatformWorks(target, lite.filesRoot, lite, v);
    } finally {
      await target.close();
    }
  }, 60_000);

  it('refuses to restore as a role that may not turn triggers off, leaving the database empty', async () => {
    const role = `yiwang_backup_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL! });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.end();
    // (cleanups run last first: the role is dropped after its database)
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: PG_URL! });
      await c.connect();
      await c.query(`DROP ROLE IF EXISTS ${role}`);
      await c.end();
    });
    const url = new URL(await freshPgDatabase());
    const owned = new pg.Client({ connectionString: url.toString() });
    await owned.connect();
    await owned.query(`GRANT ALL ON SCHEMA public TO ${role}`);
    await owned.end();
    url.username = role;
    const target = await openDatabase({ url: url.toString(), poolSize: 1 });
    try {
      const error = await restoreFromFile(file, { database: target, filesRoot: null, where: 'target' }).catch((e) => e);
      expect(error.code, String(error)).toBe('RESTORE_NEEDS_SUPERUSER');
      expect(await tableNames(target)).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('backs up a PostgreSQL database (a read-only snapshot, while it is in use) and restores it into PGlite', async () => {
    const server = await populate(await createTestContext(), 'server');
    try {
      const serverTables = await tableNames(server.ctx.database);
      const serverFile = path.join(tmp, 'server.jsonl.gz');
      // the platform keeps writing while the snapshot is read: the backup is of one instant
      const backup = backupToFile(server.ctx.database, server.filesRoot, serverFile);
      const meanwhile = await server.ctx.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: await server.ctx.login('gw_a1'),
        payload: { categoryCode: 'hazard.fire.exits', description: '备份期间上报', location: P.inGridA1a },
      });
      expect(meanwhile.statusCode, meanwhile.body).toBe(201);
      const { verification } = await backup;
      expectIdentical(verification, serverTables);
      const dataDir = path.join(tmp, 'from-server');
      const target = await openDatabase({ dataDir });
      try {
        const v = await restoreFromFile(serverFile, {
          database: target,
          filesRoot: path.join(dataDir, 'files'),
          where: 'folder',
        });
        expectIdentical(v, serverTables);
        await expectPlatformWorks(target, path.join(dataDir, 'files'), server, v);
      } finally {
        await target.close();
      }
    } finally {
      await server.ctx.close();
    }
  }, 120_000);
});
