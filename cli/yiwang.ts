/**
 * The command line: `start` (the default) runs the platform — on first start of an empty
 * database it loads the demo county and prints the URL and the demo logins; `demo` loads a demo
 * county into the configured database; `migrate` only migrates.
 *
 *   npx tsx cli/yiwang.ts start [--no-demo] [--scale N] [--no-build]
 *   npx tsx cli/yiwang.ts build-web        (build the web app into web/dist; start does it when needed)
 *   npx tsx cli/yiwang.ts demo [--scale N] [--months M] [--no-events]
 *   npx tsx cli/yiwang.ts migrate
 *   npx tsx cli/yiwang.ts rebuild-rollups   (recompute the analytics rollups from the events)
 *   npx tsx cli/yiwang.ts verify-audit      (walk the audit trail's hash chain; exit 1 naming the first broken link)
 *   npx tsx cli/yiwang.ts backup [--out FILE]          (a consistent snapshot: every table and the attachment files)
 *   npx tsx cli/yiwang.ts restore FILE                 (into an empty database: DATA_DIR or DATABASE_URL)
 *   npx tsx cli/yiwang.ts migrate-to postgres://…      (the embedded database into an empty server database)
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../server/config.js';
import { openPlatformDatabase, startPlatform } from '../server/runtime.js';
import { FolderLockedError } from '../server/db/folder-lock.js';
import type { Database } from '../server/db/database.js';
import { loadDemoCounty, isDemoLoaded } from './demo/load-demo.js';
import { rotatePiiKeyCommand } from '../server/personal-data/rotate-pii-key.js';
import { openFieldCipher, PiiKeyMissingError } from '../server/personal-data/pii-keys.js';
import { encryptLegacyPhones } from '../server/personal-data/personal-data-upkeep.js';
import { ROLE_NAMES_ZH, isRole } from '../core/access/roles.js';
import { DEMO_PASSWORD } from './demo/demo-county.js';
import { completeDemoCounty } from './demo/demo-extras.js';
import { DemoRepository } from './demo/demo.repository.js';
import { DatabaseClockSettings, calendarFor } from '../server/deadlines/clock-settings.js';
import { KpiRepository } from '../server/analytics/kpi.repository.js';
import { buildWeb, webBuildState } from '../server/web/web-build.js';
import { describeVerification, verifyAuditChain } from '../server/audit/verify-audit.js';
import { backupCommand, migrateToCommand, restoreCommand } from '../server/backup/backup.commands.js';

/**
 * Months of demo history: 13, so that this month's 同比 (the same days a year ago) has events to
 * compare with on the dashboard.
 */
const DEMO_MONTHS = 13;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'no-demo': { type: 'boolean', default: false },
    'no-events': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    scale: { type: 'string' },
    months: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} must be a whole number from 1 to ${max}`);
    process.exit(2);
  }
  return n;
}

async function loadDemo(database: Database, scale: number, months: number, events: boolean) {
  const started = Date.now();
  console.log(`正在生成示范县数据 (scale ${scale}, ${events ? `${months} 个月事件` : '不含事件'}) …`);
  // the rollups behind the figures are built once, set-wise, after the load
  const { result, extras } = await new KpiRepository(database.db).deferRollups(async () => {
    const result = await loadDemoCounty(database.db, {
      scale,
      months,
      events,
      now: new Date(),
      onProgress: (message: string) => console.log(`  ${message}`),
    });
    const extras = await completeDemoCounty(
      database.db,
      await new DatabaseClockSettings(database.db, calendarFor(database.db)).get(),
      new Date(),
    );
    return { result, extras };
  });
  console.log(
    `示范县已载入：${JSON.stringify({ ...result, ...extras })}，用时 ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function printLogins(database: Database, url: string) {
  const logins = await new DemoRepository(database.db).signInLogins(20);
  console.log(`\n一网 Yiwang 已启动: ${url}`);
  console.log(`数据库: ${database.kind === 'pglite' ? '内置 PGlite' : 'PostgreSQL'}`);
  if (logins.length) {
    console.log(`\n演示账号 (密码 ${DEMO_PASSWORD}，若为导入的组织则为导入时设定的密码):`);
    for (const l of logins)
      console.log(
        `  ${String(l.username).padEnd(22)} ${(isRole(l.role) ? ROLE_NAMES_ZH[l.role] : l.role).padEnd(8)} ${l.name} · ${l.place}`,
      );
  }
  console.log(
    `\n试一试: curl -s -X POST ${url}/api/auth/login -H 'content-type: application/json' -d '{"username":"grid_worker","password":"${DEMO_PASSWORD}"}'\n`,
  );
}

/** Builds the web app (Vite) into config.webDistDir; `always` even when it is up to date. */
async function buildWebApp(config: Config, always: boolean): Promise<boolean> {
  if (!always && webBuildState(config.webDistDir) === 'fresh') return true;
  const started = Date.now();
  console.log('正在构建网页…');
  try {
    await buildWeb(config.webDistDir);
    console.log(`网页已构建: ${config.webDistDir}，用时 ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (error) {
    console.error('网页构建失败 (the web app could not be built):', error);
    return false;
  }
}

async function openOrExit(config: Config): Promise<Database> {
  try {
    return await openPlatformDatabase(config);
  } catch (error) {
    if (error instanceof FolderLockedError) {
      console.error(`无法启动: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs the command named on the command line (`start` when none). */
async function main() {
  if (values.help) {
    console.log(
      'usage: yiwang [start|demo|migrate|rebuild-rollups|verify-audit|build-web|backup [--out FILE]|restore FILE|migrate-to URL] [--no-demo] [--no-build] [--scale N] [--months M] [--no-events]',
    );
    return;
  }
  const config = loadConfigOrExit();
  const command = positionals[0] ?? 'start';
  const scale = positiveInt('scale', values.scale, 1, 50);
  const months = positiveInt('months', values.months, DEMO_MONTHS, 120);
  switch (command) {
    case 'backup':
      process.exitCode = await backupCommand(config, values.out);
      return;
    case 'restore':
    case 'migrate-to':
      process.exitCode = await restoreOrMigrateTo(config, command, positionals[1]);
      return;
    case 'migrate': {
      const database = await openOrExit(config);
      await database.close();
      console.log('migrations applied');
      return;
    }
    case 'demo':
      await withDatabase(config, (database) => demoCommand(config, database, scale, months));
      return;
    case 'rebuild-rollups':
      await withDatabase(config, rebuildRollups);
      return;
    case 'verify-audit':
      await withDatabase(config, verifyAudit);
      return;
    case 'rotate-pii-key':
      await withDatabase(config, async (database) => {
        process.exitCode = await rotatePiiKeyCommand(config, database.db);
      });
      return;
    case 'build-web':
      if (!(await buildWebApp(config, true))) process.exitCode = 1;
      return;
    case 'start':
      await startCommand(config, scale, months);
      return;
    default:
      console.error(
        `unknown command "${command}" (start, demo, migrate, rebuild-rollups, verify-audit, rotate-pii-key, build-web, backup, restore, migrate-to)`,
      );
      process.exit(2);
  }
}

/** The configuration, or exit 2 with the message saying which variable is wrong and why. */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Opens the database, runs `work` on it and closes it, whatever happens. */
async function withDatabase(config: Config, work: (database: Database) => Promise<void>): Promise<void> {
  const database = await openOrExit(config);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/** restore FILE, or migrate-to URL: the exit code (2 without the argument). */
async function restoreOrMigrateTo(
  config: Config,
  command: 'restore' | 'migrate-to',
  argument: string | undefined,
): Promise<number> {
  if (!argument) {
    console.error(
      command === 'restore'
        ? 'usage: yiwang restore FILE'
        : 'usage: yiwang migrate-to postgres://user@host:port/database',
    );
    process.exit(2);
  }
  return command === 'restore' ? await restoreCommand(config, argument) : await migrateToCommand(config, argument);
}

/** demo: loads the demo county (示范县) into an empty database, then encrypts the reporters' phones it wrote. */
async function demoCommand(config: Config, database: Database, scale: number, months: number): Promise<void> {
  if (await isDemoLoaded(database.db)) {
    console.error(
      'the database already holds an organisation; use an empty database (another DATA_DIR or DATABASE_URL)',
    );
    process.exitCode = 1;
    return;
  }
  await loadDemo(database, scale, months, !values['no-events']);
  // the generator writes reporters' phones in clear: encrypt them now, not at the next start
  const encrypted = await encryptLegacyPhones(
    database.db,
    await openFieldCipher(config, database.db, (file) =>
      console.log(`personal-data key created in ${file} (mode 0600)`),
    ),
  );
  console.log(`personal data: ${encrypted} reporters' phones encrypted`);
}

/** rebuild-rollups: recomputes the analytics rollups (预聚合) from the events. */
async function rebuildRollups(database: Database): Promise<void> {
  const started = Date.now();
  await new KpiRepository(database.db).rebuildRollups();
  console.log(`analytics rollups rebuilt from the events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** verify-audit: walks the audit trail's hash chain; exit code 1 naming the first broken link. */
async function verifyAudit(database: Database): Promise<void> {
  const started = Date.now();
  const result = await verifyAuditChain(database.db);
  for (const line of describeVerification(result, (Date.now() - started) / 1000))
    (line.startsWith('BROKEN') ? console.error : console.log)(line);
  if (result.broken) process.exitCode = 1;
}

/** start: builds the web app when needed, loads the demo county into an empty database, runs the platform until a signal. */
async function startCommand(config: Config, scale: number, months: number): Promise<void> {
  // the UI is served from its build: make one when there is none or the sources are newer (the API starts regardless)
  if (!values['no-build']) await buildWebApp(config, false);
  const database = await openOrExit(config);
  if (!values['no-demo'] && !(await isDemoLoaded(database.db)))
    await loadDemo(database, scale, months, !values['no-events']);
  const platform = await startPlatform(config, database);
  await printLogins(database, platform.url);
  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: stopping …`);
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof PiiKeyMissingError) {
    console.error(`无法启动: ${error.message}`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
