/**
 * The `backup`, `restore` and `migrate-to` commands: open the configured database (never
 * migrating or seeding it — a backup reads as it is, a restore needs it empty), run the pipeline,
 * print the verification table and the speed. Each returns the exit code: 0 when every table and
 * file matches, 1 otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { FolderLockedError } from '../db/folder-lock.js';
import { BackupError } from './backup-format.js';
import { configuredPiiKeys, missingPiiKeys, piiKeySource } from '../personal-data/pii-keys.js';
import {
  backupToFile,
  formatVerification,
  migrateDatabase,
  restoreFromFile,
  VerificationFailed,
  type Verification,
} from './backup.service.js';

type Print = (line: string) => void;

function filesRoot(config: Config): string {
  return path.join(config.dataDir, 'files');
}

function rate(rows: number, ms: number): string {
  return `${(ms / 1000).toFixed(1)} s, ${Math.round(rows / Math.max(ms / 1000, 0.001)).toLocaleString('en-US')} rows/s`;
}

function totalRows(v: Verification): number {
  return v.tables.reduce((n, t) => n + Math.max(t.sourceRows, 0), 0);
}

/**
 * The personal-data key is never in a backup (a stolen backup must not carry its own key). Says
 * which keys the copied data is under and whether the installation that will read it has them.
 */
async function keyNote(database: Database, config: Config, after: 'backup' | 'restore'): Promise<string | null> {
  const { used, missing } = await missingPiiKeys(database.db, configuredPiiKeys(config));
  if (used.length === 0) return null;
  const source = piiKeySource(config);
  if (after === 'backup') {
    return (
      `\n注意: 个人信息密钥不在备份中。数据中的电话、身份证号以密钥 ${used.join(', ')} 加密：请另行妥善保存 ${source}。\n` +
      `Note: the personal-data key is not in the backup (by design). The phone and ID numbers in it are under key ${used.join(', ')}: keep ${source} safe, apart from the backup.`
    );
  }
  if (missing.length === 0) return `\npersonal-data key ${used.join(', ')} present (${source}) ✓`;
  return (
    `\n注意: 恢复的电话、身份证号以密钥 ${missing.join(', ')} 加密，本机尚无该密钥（${source}）：启动前请复制原数据目录的 pii-keys 文件（或设置 PII_KEYS），否则平台拒绝启动。\n` +
    `Note: the restored phone and ID numbers are under key ${missing.join(', ')}, which this installation does not have yet (${source}): ` +
    `copy the pii-keys file from the original data folder (or set PII_KEYS) before starting — the platform refuses to start without it.`
  );
}

/** Opens the configured database as it is; the embedded one must exist, and be free. */
async function openSource(config: Config): Promise<Database> {
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pgdata'))) {
    throw new BackupError(
      'BACKUP_SOURCE_MISSING',
      `there is no embedded database in ${config.dataDir} (DATA_DIR) to copy`,
    );
  }
  try {
    return await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (error) {
    if (error instanceof FolderLockedError) {
      throw new BackupError(
        'BACKUP_SOURCE_IN_USE',
        `${error.message}\nThe embedded database can be copied only while the platform is stopped: stop it first, then run this again. ` +
          `(On PostgreSQL, DATABASE_URL, a backup runs while the platform runs.)`,
      );
    }
    throw error;
  }
}

/** Reports a BackupError (and a failed verification's table) as the CLI prints it; other errors propagate. */
function failed(error: unknown, print: Print): number {
  if (error instanceof VerificationFailed) {
    print(formatVerification(error.verification));
    print(`\n${error.code}: ${error.message} — rolled back, the target is left empty.`);
    return 1;
  }
  if (error instanceof BackupError) {
    print(`${error.code}: ${error.message}`);
    return 1;
  }
  throw error;
}

export async function backupCommand(
  config: Config,
  out: string | undefined,
  print: Print = console.log,
): Promise<number> {
  const file = path.resolve(out ?? `yiwang-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl.gz`);
  try {
    const database = await openSource(config);
    try {
      const started = Date.now();
      print(
        `backing up ${config.databaseUrl ? 'the PostgreSQL database' : `the embedded database in ${config.dataDir}`} to ${file} …`,
      );
      const { verification, bytes } = await backupToFile(database, filesRoot(config), file);
      const ms = Date.now() - started;
      print(formatVerification(verification));
      print(
        `\nbackup written: ${file} (${(bytes / 1048576).toFixed(1)} MB) in ${rate(totalRows(verification), ms)} (written and read back)`,
      );
      const note = await keyNote(database, config, 'backup');
      if (note) print(note);
      return verification.ok ? 0 : 1;
    } finally {
      await database.close();
    }
  } catch (error) {
    return failed(error, print);
  }
}

export async function restoreCommand(config: Config, file: string, print: Print = console.log): Promise<number> {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) {
    print(`BACKUP_FILE_CORRUPT: ${source}: no such file`);
    return 1;
  }
  const pgdata = path.join(config.dataDir, 'pgdata');
  const createdFolder = !config.databaseUrl && !fs.existsSync(pgdata);
  let database: Database | null = null;
  let ok = false;
  try {
    try {
      database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
    } catch (error) {
      if (error instanceof FolderLockedError)
        throw new BackupError(
          'RESTORE_TARGET_NOT_EMPTY',
          `${error.message}\nStop the platform before restoring into its folder.`,
        );
      throw error;
    }
    const where = config.databaseUrl
      ? 'the PostgreSQL database (DATABASE_URL)'
      : `the embedded database in ${config.dataDir}`;
    print(`restoring ${source} into ${where} …`);
    const started = Date.now();
    const verification = await restoreFromFile(source, { database, filesRoot: filesRoot(config), where });
    print(formatVerification(verification));
    print(`\nrestored in ${rate(totalRows(verification), Date.now() - started)}`);
    ok = verification.ok;
    const note = ok ? await keyNote(database, config, 'restore') : null;
    if (note) print(note);
    return ok ? 0 : 1;
  } catch (error) {
    return failed(error, print);
  } finally {
    await database?.close();
    // a restore that failed into a new folder leaves no database behind
    if (!ok && createdFolder) fs.rmSync(pgdata, { recursive: true, force: true });
  }
}

export async function migrateToCommand(config: Config, url: string, print: Print = console.log): Promise<number> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    print('migrate-to needs a postgres://user@host:port/database URL of an empty database');
    return 2;
  }
  try {
    const source = await openSource(config);
    try {
      const target = await openDatabase({ url, poolSize: 2 });
      try {
        const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
        print(
          `copying ${config.databaseUrl ? 'the PostgreSQL database' : `the embedded database in ${config.dataDir}`} to ${shown} …`,
        );
        const started = Date.now();
        const verification = await migrateDatabase(source, target, shown);
        print(formatVerification(verification));
        print(`\ncopied in ${rate(totalRows(verification), Date.now() - started)}`);
        if (verification.ok) {
          print(
            `\nNext: start the platform with DATABASE_URL=${shown} and the same DATA_DIR (${config.dataDir}): the attachment files stay in ${filesRoot(config)}.`,
          );
          const note = await keyNote(target, config, 'restore');
          if (note) print(note);
        }
        return verification.ok ? 0 : 1;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  } catch (error) {
    return failed(error, print);
  }
}
