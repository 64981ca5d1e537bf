/**
 * A throwaway platform for tests: the embedded database in memory, or — when TEST_DATABASE_URL is
 * set (CI's second pass) — a fresh schema on that PostgreSQL server, dropped afterwards. The clock
 * is settable; attachments stay in memory; notifications are collected.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { seedReferenceData } from '../db/reference-data.js';
import { buildApp } from '../app.js';
import type { AppDeps } from '../app-deps.js';
import { loadConfig, type Config } from '../config.js';
import { MemoryStorage } from '../storage/attachment-storage.js';
import { DatabaseClockSettings, calendarFor } from '../deadlines/clock-settings.js';
import { DatabaseGridIndex } from '../geo/grid-index.js';
import { MemoryNotifier } from '../notify/notifier.js';
import { OutboxDispatcher } from '../notify/outbox-dispatcher.js';
import { OutboxRepository } from '../notify/outbox.repository.js';

export interface TestDatabase extends Database {
  schema: string | null;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL || null;
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : null;
  const database = await openDatabase({ url, dataDir: 'memory://', schema: schema ?? undefined, poolSize: 4 });
  await migrate(database.db);
  await seedReferenceData(database.db);
  return {
    ...database,
    schema,
    async close() {
      await database.close();
      if (url && schema) {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      }
    },
  };
}

export interface TestContext {
  app: FastifyInstance;
  database: TestDatabase;
  clock: { now: Date };
  notifier: MemoryNotifier;
  dispatcher: OutboxDispatcher;
  storage: MemoryStorage;
  clocks: DatabaseClockSettings;
  /** Logs in and returns the bearer header. */
  /** The platform's DATA_DIR: a temporary folder of its own (exports are written under it). */
  dataDir: string;
  login(username: string, password?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

/**
 * The tests' settings: sessions that outlive the weeks a test moves its clock on, and no rate
 * limits (the suite signs in and reports far faster than a person). The lockout stays on. Tests of
 * the limits themselves pass `config: { rateLimits: … }` or `sessionIdleMinutes`.
 */
export const TEST_ENV = {
  LOG_LEVEL: 'silent',
  SESSION_TTL_HOURS: '2160',
  SESSION_IDLE_MINUTES: '0',
  RATE_LIMIT_LOGIN_PER_ADDRESS: '0',
  RATE_LIMIT_LOGIN_PER_USERNAME: '0',
  RATE_LIMIT_PUBLIC_WRITES: '0',
  RATE_LIMIT_PUBLIC_READS: '0',
  RATE_LIMIT_PER_TOKEN: '0',
  /** Every answer checked against its response schema: a schema that drops or mistypes a field fails the test. */
  CHECK_ANSWERS: 'true',
  /** A fixed personal-data key (32 bytes): tests never write a key file. */
  PII_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
} as const;

/**
 * `config` overrides settings (e.g. `webDistDir`, the built web app to serve); `logStream` receives
 * the app's log lines (with `config: { logLevel }` other than silent), for tests of what is logged.
 */
export async function createTestContext(
  options: { config?: Partial<Config>; logStream?: AppDeps['logStream'] } = {},
): Promise<TestContext> {
  const database = await openTestDatabase();
  const clock = { now: new Date('2026-11-24T02:00:00Z') };
  const storage = new MemoryStorage();
  const clocks = new DatabaseClockSettings(database.db, calendarFor(database.db));
  // files the platform writes (exports) go to a folder of this context's own, removed on close
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-test-'));
  const app = await buildApp({
    config: { ...loadConfig({ ...TEST_ENV, DATA_DIR: dataDir } as NodeJS.ProcessEnv), ...options.config },
    db: database.db,
    dbKind: database.kind,
    now: () => new Date(clock.now),
    storage,
    clocks,
    gridIndex: new DatabaseGridIndex(database.db, () => clock.now.getTime(), 0),
    listen: database.listen,
    logStream: options.logStream,
  });
  const notifier = new MemoryNotifier();
  const dispatcher = new OutboxDispatcher(new OutboxRepository(database.db), notifier, {
    now: () => new Date(clock.now),
  });
  return {
    app,
    database,
    clock,
    notifier,
    dispatcher,
    storage,
    clocks,
    dataDir,
    async login(username, password = 'secret123') {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
      return { authorization: `Bearer ${res.json().token}` };
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
