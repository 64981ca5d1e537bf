/**
 * Backup, restore and migrate-to as one pipeline: a database's snapshot read as a stream of items
 * (snapshotItems) → a file (writeBackupFile) or straight into another database (restoreItems);
 * a file read back as the same items (readBackupFile) → restoreItems. Every path ends in a
 * verification: each table's row count and checksum (computed in SQL the same way on both sides)
 * compared, and the attachment files' count.
 *
 * - A snapshot is one REPEATABLE READ, READ ONLY transaction, so a backup of a server database is
 *   consistent while the platform runs (the embedded one is a folder only one process may open).
 * - A restore needs a target without tables; in one transaction it runs the backup's migrations
 *   (refusing migrations this code does not know), empties what they seeded, loads every row with
 *   triggers and foreign-key checks off (session_replication_role = replica: the history's
 *   append-only guard, the rollups' and NOTIFY triggers must not run again), keeps identity
 *   values and moves their sequences past the largest, sets every sequence where the source had
 *   it, and checks the checksums before committing. Files are written to a staging folder and put
 *   in place just before the commit. Anything wrong rolls it all back: the target stays empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { Database } from '../db/database.js';
import { createMigrationsTable, migrationNames, migrationSql } from '../db/migrate.js';
import {
  BackupRepository,
  copiedColumns,
  type ColumnInfo,
  type SequenceState,
  type TableInfo,
} from './backup.repository.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  FILE_CHUNK_BYTES,
  readBackupFile,
  writeBackupFile,
  type BackupHeader,
  type BackupItem,
  type BackupSummary,
} from './backup-format.js';

export interface TableVerification {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface Verification {
  /** What each side is, for the printed table ("PGlite 18.0", "backup file"). */
  source: string;
  target: string;
  tables: TableVerification[];
  files: { source: number; target: number; bytes: number; missing: string[]; ok: boolean };
  ok: boolean;
}

/** A storage key as the platform writes them: no way out of the files folder. */
function safeKey(key: string): string {
  if (
    !/^[a-zA-Z0-9/_.-]+$/.test(key) ||
    key.split('/').some((part) => part === '..' || part === '') ||
    key.startsWith('/')
  ) {
    throw new BackupError('BACKUP_FILE_CORRUPT', `attachment storage key "${key}" is not a safe relative path`);
  }
  return key;
}

function describe(kind: Database['kind'], version: string): string {
  return `${kind === 'pglite' ? 'PGlite' : 'PostgreSQL'} ${version}`;
}

export interface SnapshotOptions {
  /** The attachments' folder (DATA_DIR/files); null leaves the files out (migrate-to: they stay where they are). */
  filesRoot: string | null;
  /** Rows per fetch. */
  batch?: number;
}

/** A database's consistent snapshot as backup items: header, tables in foreign-key order, sequences, files, end. */
export async function* snapshotItems(database: Database, options: SnapshotOptions): AsyncGenerator<BackupItem> {
  const trx = await database.db
    .startTransaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute();
  try {
    const repo = new BackupRepository(trx);
    await repo.pinTextSettings();
    const tables = await repo.tables();
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      source: { kind: database.kind, serverVersion: await repo.serverVersion() },
      migrations: await repo.appliedMigrations(),
      tables: tables.map((t) => t.name),
    };
    yield { kind: 'header', header };
    let totalRows = 0;
    for (const table of tables) {
      const { rows: expected, checksum } = await repo.checksum(table);
      yield { kind: 'table', name: table.name, columns: copiedColumns(table).map((c) => c.name) };
      let rows = 0;
      for await (const lines of repo.rows(table, options.batch)) {
        rows += lines.length;
        yield { kind: 'rows', lines };
      }
      // one snapshot: the count cannot move between the checksum and the rows
      if (rows !== expected) throw new Error(`table ${table.name}: read ${rows} rows of ${expected}`);
      totalRows += rows;
      yield { kind: 'tableEnd', name: table.name, rows, checksum };
    }
    yield { kind: 'sequences', sequences: await repo.sequences() };
    const summary: BackupSummary = { tables: tables.length, rows: totalRows, files: 0, fileBytes: 0, missingFiles: [] };
    if (options.filesRoot) {
      for await (const batch of repo.attachmentFiles()) {
        for (const { key } of batch) {
          const file = path.join(options.filesRoot, safeKey(key));
          let handle: fs.promises.FileHandle;
          try {
            handle = await fs.promises.open(file, 'r');
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
            summary.missingFiles.push(key);
            continue;
          }
          try {
            const size = (await handle.stat()).size;
            yield { kind: 'file', key, size };
            const hash = createHash('sha256');
            let read = 0;
            while (read < size) {
              const buffer = Buffer.alloc(Math.min(FILE_CHUNK_BYTES, size - read));
              const { bytesRead } = await handle.read(buffer, 0, buffer.length, read);
              if (bytesRead === 0) throw new Error(`attachment file ${file} shrank while it was read`);
              const data = buffer.subarray(0, bytesRead);
              hash.update(data);
              read += bytesRead;
              yield { kind: 'fileChunk', data };
            }
            yield { kind: 'fileEnd', key, sha256: hash.digest('hex') };
            summary.files++;
            summary.fileBytes += size;
          } finally {
            await handle.close();
          }
        }
      }
    }
    yield { kind: 'end', summary };
  } finally {
    await trx.rollback().execute();
  }
}

/** Whether a database holds no tables (and its files folder no files): what restore and migrate-to need. */
export async function assertEmptyTarget(db: Kysely<Schema>, filesRoot: string | null, where: string): Promise<void> {
  const tables = await new BackupRepository(db).tableNames();
  if (tables.length) {
    throw new BackupError(
      'RESTORE_TARGET_NOT_EMPTY',
      `${where} is not empty: it has ${tables.length} tables (${tables.slice(0, 4).join(', ')}${tables.length > 4 ? ', …' : ''}). ` +
        `A restore only goes into an empty database: a new DATA_DIR folder, or a newly created PostgreSQL database (CREATE DATABASE …).`,
    );
  }
  if (filesRoot && fs.existsSync(filesRoot) && fs.readdirSync(filesRoot).length) {
    throw new BackupError(
      'RESTORE_TARGET_NOT_EMPTY',
      `${filesRoot} already holds files: restore the attachments into an empty folder (a new DATA_DIR)`,
    );
  }
}

export interface RestoreTarget {
  database: Database;
  /** Where the attachment files go (DATA_DIR/files); null: leave files alone. */
  filesRoot: string | null;
  /** How to name the target in messages. */
  where: string;
}

/** Loads backup items into an empty database in one transaction; returns the verification (source vs target). */
export async function restoreItems(items: AsyncIterable<BackupItem>, target: RestoreTarget): Promise<Verification> {
  const iterator = items[Symbol.asyncIterator]();
  try {
    return await restoreFrom(iterator, target);
  } finally {
    // a source that is left early (a refusal, an error) must still end its snapshot and close its file
    await iterator.return?.();
  }
}

/** Restores from an iterator whose header has not been read yet; see restoreItems. */
async function restoreFrom(iterator: AsyncIterator<BackupItem>, target: RestoreTarget): Promise<Verification> {
  const header = await readRestorableHeader(iterator);
  await assertEmptyTarget(target.database.db, target.filesRoot, target.where);
  const staging = target.filesRoot ? `${target.filesRoot}.restoring-${process.pid}` : null;
  const files = new StagedFiles(staging);
  let placedFiles = false;
  try {
    const verification = await target.database.db.transaction().execute(async (trx) => {
      const repo = new BackupRepository(trx);
      const tables = await migrateEmptyTarget(trx, repo, header);
      const loader = new RestoreLoader(repo, tables, files);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) await loader.apply(next.value);
      if (!loader.summary) throw new BackupError('BACKUP_FILE_TRUNCATED', 'the backup ends before its end line');
      const verification = await verifyRestore(repo, tables, header, loader, target, files);
      placedFiles = placeStagedFiles(staging, target.filesRoot);
      return verification;
    });
    return verification;
  } catch (error) {
    if (placedFiles && target.filesRoot) fs.rmSync(target.filesRoot, { recursive: true, force: true });
    throw error;
  } finally {
    await files.closeOpenFile();
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The backup's header, refused if it names migrations this version of Yiwang does not know. */
async function readRestorableHeader(iterator: AsyncIterator<BackupItem>): Promise<BackupHeader> {
  const first = await iterator.next();
  if (first.done || first.value.kind !== 'header')
    throw new BackupError('BACKUP_FILE_CORRUPT', 'the backup does not start with its header');
  const header = first.value.header;
  const known = new Set(migrationNames());
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new BackupError(
      'BACKUP_TOO_NEW',
      `the backup was made by a newer version of Yiwang: its migrations ${unknown.join(', ')} are unknown to this one. Upgrade, then restore.`,
    );
  }
  return header;
}

/**
 * Runs the backup's migrations on the empty target (triggers off from then on), checks that they
 * make exactly the backup's tables, and empties the rows they seeded; returns the tables by name.
 */
async function migrateEmptyTarget(
  trx: Kysely<Schema>,
  repo: BackupRepository,
  header: BackupHeader,
): Promise<Map<string, TableInfo>> {
  await repo.lockMigrations();
  await repo.pinTextSettings();
  await createMigrationsTable(trx);
  for (const name of header.migrations) await repo.runSql(migrationSql(name));
  await repo.disableTriggers();
  const tables = new Map((await repo.tables()).map((t) => [t.name, t]));
  const extra = [...tables.keys()].filter((t) => !header.tables.includes(t));
  const missing = header.tables.filter((t) => !tables.has(t));
  if (extra.length || missing.length) {
    throw new BackupError(
      'BACKUP_SCHEMA_MISMATCH',
      `the backup's tables do not match its migrations' (${missing.length ? `not made by them: ${missing.join(', ')}` : ''}${extra.length ? ` not in the backup: ${extra.join(', ')}` : ''})`,
    );
  }
  // rows the migrations seeded (statuses, settings …): the backup brings its own
  const seeded: string[] = [];
  for (const name of tables.keys()) if (await repo.hasRows(name)) seeded.push(name);
  await repo.truncate(seeded);
  return tables;
}

/** Writes the backup's attachment files into the staging folder (none without one), checking each one's size and sha256. */
class StagedFiles {
  /** The file being written: closed by the restore's cleanup if it stops in the middle of one. */
  private openFile: fs.promises.FileHandle | null = null;
  private file: {
    key: string;
    out: fs.promises.FileHandle;
    hash: ReturnType<typeof createHash>;
    bytes: number;
    size: number;
  } | null = null;
  written = 0;
  bytes = 0;

  constructor(readonly staging: string | null) {}

  /** Opens a new file in the staging folder. */
  async start(key: string, size: number): Promise<void> {
    if (!this.staging) return;
    const dest = path.join(this.staging, safeKey(key));
    await fs.promises.mkdir(path.dirname(dest), { recursive: true });
    this.openFile = await fs.promises.open(dest, 'wx');
    this.file = { key, out: this.openFile, hash: createHash('sha256'), bytes: 0, size };
  }

  /** Appends a chunk to the open file. */
  async write(data: Buffer): Promise<void> {
    const file = this.file;
    if (!file) return;
    await file.out.write(data);
    file.hash.update(data);
    file.bytes += data.length;
  }

  /** Closes the open file; its size and sha256 must be what the backup says. */
  async end(sha256: string): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.openFile = null;
    await file.out.close();
    if (file.bytes !== file.size || file.hash.digest('hex') !== sha256) {
      throw new BackupError('BACKUP_FILE_CORRUPT', `attachment file ${file.key} does not match its size and sha256`);
    }
    this.written++;
    this.bytes += file.bytes;
    this.file = null;
  }

  /** Closes a file left open by a restore that stopped in the middle of it. */
  async closeOpenFile(): Promise<void> {
    await this.openFile?.close().catch(() => {});
  }
}

/** Loads the backup's items after the header into the migrated target: rows, sequences, files; remembers the source's counts. */
class RestoreLoader {
  /** Each table's row count and checksum as the backup gives them. */
  readonly source = new Map<string, { rows: number; checksum: string }>();
  /** The end line's totals, once read. */
  summary: BackupSummary | null = null;
  private table: TableInfo | null = null;
  private columns: ColumnInfo[] = [];
  private inserted = 0;

  constructor(
    private readonly repo: BackupRepository,
    private readonly tables: Map<string, TableInfo>,
    private readonly files: StagedFiles,
  ) {}

  /** Applies one item to the target. */
  async apply(item: BackupItem): Promise<void> {
    switch (item.kind) {
      case 'table':
        this.startTable(item.name, item.columns);
        break;
      case 'rows':
        if (!this.table) throw new BackupError('BACKUP_FILE_CORRUPT', 'rows outside a table');
        this.inserted += await this.repo.insertRows(this.table, this.columns, item.lines);
        break;
      case 'tableEnd':
        this.endTable(item.name, item.rows, item.checksum);
        break;
      case 'sequences':
        await this.setSequences(item.sequences);
        break;
      case 'file':
        await this.files.start(item.key, item.size);
        break;
      case 'fileChunk':
        await this.files.write(item.data);
        break;
      case 'fileEnd':
        await this.files.end(item.sha256);
        break;
      case 'end':
        this.summary = item.summary;
        break;
      case 'header':
        throw new BackupError('BACKUP_FILE_CORRUPT', 'a second header');
    }
  }

  /** A table's block begins: its columns must be exactly the migrated table's copied columns. */
  private startTable(name: string, columnNames: string[]): void {
    this.table = this.tables.get(name) ?? null;
    if (!this.table) throw new BackupError('BACKUP_SCHEMA_MISMATCH', `table ${name} is not in the header`);
    const byName = new Map(copiedColumns(this.table).map((c) => [c.name, c]));
    const unknownColumns = columnNames.filter((c) => !byName.has(c));
    if (unknownColumns.length || columnNames.length !== byName.size) {
      throw new BackupError(
        'BACKUP_SCHEMA_MISMATCH',
        `table ${name}: the backup's columns (${columnNames.join(', ')}) are not the migrated table's (${[...byName.keys()].join(', ')})`,
      );
    }
    this.columns = columnNames.map((c) => byName.get(c)!);
    this.inserted = 0;
  }

  /** A table's block ends: as many rows loaded as the backup says; its checksum is kept for the verification. */
  private endTable(name: string, rows: number, checksum: string): void {
    if (!this.table || this.table.name !== name || this.inserted !== rows) {
      throw new BackupError(
        'BACKUP_FILE_CORRUPT',
        `table ${name}: ${this.inserted} rows loaded, the backup says ${rows}`,
      );
    }
    this.source.set(name, { rows, checksum });
    this.table = null;
  }

  /** Sets every sequence where the source had it, then moves identity sequences past the largest value loaded. */
  private async setSequences(sequences: SequenceState[]): Promise<void> {
    const present = new Set((await this.repo.sequences()).map((s) => s.name));
    for (const s of sequences) {
      if (!present.has(s.name))
        throw new BackupError('BACKUP_SCHEMA_MISMATCH', `sequence ${s.name} is not made by the migrations`);
      await this.repo.setSequence(s);
    }
    for (const t of this.tables.values())
      for (const c of t.columns) if (c.identity) await this.repo.advanceIdentity(t, c);
  }
}

/** Compares the loaded target with the backup (tables and files); throws VerificationFailed unless they agree. */
async function verifyRestore(
  repo: BackupRepository,
  tables: Map<string, TableInfo>,
  header: BackupHeader,
  loaded: RestoreLoader,
  target: RestoreTarget,
  files: StagedFiles,
): Promise<Verification> {
  const summary = loaded.summary!;
  const staging = files.staging;
  const verification = await verifyAgainst(
    repo,
    [...tables.values()],
    loaded.source,
    header,
    describe(target.database.kind, await repo.serverVersion()),
  );
  const expectedFiles = target.filesRoot ? summary.files : 0;
  verification.files = {
    source: summary.files,
    target: staging ? files.written : summary.files,
    bytes: staging ? files.bytes : summary.fileBytes,
    missing: summary.missingFiles,
    ok: !staging || files.written === expectedFiles,
  };
  verification.ok &&= verification.files.ok;
  if (!verification.ok) throw new VerificationFailed(verification);
  return verification;
}

/** Puts the staged attachment files in place of the (empty) files folder; whether it did. */
function placeStagedFiles(staging: string | null, filesRoot: string | null): boolean {
  if (!(staging && filesRoot && fs.existsSync(staging))) return false;
  if (fs.existsSync(filesRoot)) fs.rmdirSync(filesRoot); // checked empty above
  fs.mkdirSync(path.dirname(filesRoot), { recursive: true });
  fs.renameSync(staging, filesRoot);
  return true;
}

/** A restore whose checksums disagree: rolled back; the verification says where. */
export class VerificationFailed extends BackupError {
  constructor(readonly verification: Verification) {
    super(
      'BACKUP_VERIFICATION_FAILED',
      `the restored data does not match the backup: ${
        verification.tables
          .filter((t) => !t.ok)
          .map((t) => t.table)
          .join(', ') || 'attachment files'
      }`,
    );
  }
}

async function verifyAgainst(
  repo: BackupRepository,
  tables: TableInfo[],
  source: Map<string, { rows: number; checksum: string }>,
  header: BackupHeader,
  targetName: string,
): Promise<Verification> {
  const rows: TableVerification[] = [];
  for (const table of tables) {
    const s = source.get(table.name);
    const t = await repo.checksum(table);
    rows.push({
      table: table.name,
      sourceRows: s?.rows ?? -1,
      targetRows: t.rows,
      sourceChecksum: s?.checksum ?? '(missing)',
      targetChecksum: t.checksum,
      ok: !!s && s.rows === t.rows && s.checksum === t.checksum,
    });
  }
  rows.sort((a, b) => header.tables.indexOf(a.table) - header.tables.indexOf(b.table));
  return {
    source: describe(header.source.kind, header.source.serverVersion),
    target: targetName,
    tables: rows,
    files: { source: 0, target: 0, bytes: 0, missing: [], ok: true },
    ok: rows.every((r) => r.ok),
  };
}

/** Passes items through, remembering each table's count and checksum and the summary. */
async function* remember(
  items: AsyncIterable<BackupItem>,
  seen: {
    tables: Map<string, { rows: number; checksum: string }>;
    summary: BackupSummary | null;
    header: BackupHeader | null;
  },
) {
  for await (const item of items) {
    if (item.kind === 'header') seen.header = item.header;
    if (item.kind === 'tableEnd') seen.tables.set(item.name, { rows: item.rows, checksum: item.checksum });
    if (item.kind === 'end') seen.summary = item.summary;
    yield item;
  }
}

/**
 * backup: the snapshot written to FILE, then FILE read back whole (gzip CRC, every block's hash,
 * every file's hash) and its counts and checksums compared with the database's.
 */
export async function backupToFile(
  database: Database,
  filesRoot: string | null,
  file: string,
): Promise<{ verification: Verification; bytes: number; header: BackupHeader }> {
  const seen = {
    tables: new Map<string, { rows: number; checksum: string }>(),
    summary: null as BackupSummary | null,
    header: null as BackupHeader | null,
  };
  const bytes = await writeBackupFile(remember(snapshotItems(database, { filesRoot }), seen), file);
  const read = {
    tables: new Map<string, { rows: number; checksum: string }>(),
    summary: null as BackupSummary | null,
    header: null as BackupHeader | null,
  };
  for await (const item of remember(readBackupFile(file), read)) void item;
  const tables: TableVerification[] = seen.header!.tables.map((name) => {
    const s = seen.tables.get(name)!;
    const f = read.tables.get(name);
    return {
      table: name,
      sourceRows: s.rows,
      targetRows: f?.rows ?? -1,
      sourceChecksum: s.checksum,
      targetChecksum: f?.checksum ?? '(missing)',
      ok: !!f && f.rows === s.rows && f.checksum === s.checksum,
    };
  });
  const summary = seen.summary!;
  const files = {
    source: summary.files,
    target: read.summary!.files,
    bytes: read.summary!.fileBytes,
    missing: summary.missingFiles,
    ok: read.summary!.files === summary.files,
  };
  return {
    verification: {
      source: describe(database.kind, seen.header!.source.serverVersion),
      target: `file ${path.basename(file)}`,
      tables,
      files,
      ok: tables.every((t) => t.ok) && files.ok,
    },
    bytes,
    header: seen.header!,
  };
}

/** restore: FILE into an empty database (and its files folder). */
export function restoreFromFile(file: string, target: RestoreTarget): Promise<Verification> {
  return restoreItems(readBackupFile(file), target);
}

/** migrate-to: the embedded database straight into an empty server database; the files stay in DATA_DIR/files. */
export function migrateDatabase(source: Database, target: Database, where: string): Promise<Verification> {
  return restoreItems(snapshotItems(source, { filesRoot: null }), { database: target, filesRoot: null, where });
}

/** The verification as a table: per table the rows on each side and the checksum, ✓ or ✗. */
export function formatVerification(v: Verification): string {
  const width = Math.max(24, ...v.tables.map((t) => t.table.length));
  const num = (n: number) => (n < 0 ? '—' : n.toLocaleString('en-US'));
  const lines = [
    `${'table'.padEnd(width)}  ${'source rows'.padStart(12)}  ${'target rows'.padStart(12)}  checksum`,
    `${''.padEnd(width, '-')}  ${''.padStart(12, '-')}  ${''.padStart(12, '-')}  ${''.padEnd(26, '-')}`,
  ];
  for (const t of v.tables) {
    const sum =
      t.sourceChecksum === t.targetChecksum
        ? t.sourceChecksum.slice(0, 12)
        : `${t.sourceChecksum.slice(0, 12)} ≠ ${t.targetChecksum.slice(0, 12)}`;
    lines.push(
      `${t.table.padEnd(width)}  ${num(t.sourceRows).padStart(12)}  ${num(t.targetRows).padStart(12)}  ${sum.padEnd(26)} ${t.ok ? '✓' : '✗'}`,
    );
  }
  const f = v.files;
  lines.push(
    `${'(attachment files)'.padEnd(width)}  ${num(f.source).padStart(12)}  ${num(f.target).padStart(12)}  ${`${(f.bytes / 1048576).toFixed(1)} MB`.padEnd(26)} ${f.ok ? '✓' : '✗'}`,
  );
  const rows = v.tables.reduce((n, t) => n + Math.max(t.sourceRows, 0), 0);
  lines.push('');
  lines.push(
    `${v.source} → ${v.target}: ${v.tables.length} tables, ${rows.toLocaleString('en-US')} rows, ${f.source} files — ${v.ok ? 'identical ✓' : 'MISMATCH ✗'}`,
  );
  if (f.missing.length) {
    lines.push(
      `warning: ${f.missing.length} attachment file(s) named in the database were missing from the source's disk: ${f.missing.slice(0, 5).join(', ')}${f.missing.length > 5 ? ', …' : ''}`,
    );
  }
  return lines.join('\n');
}
