/**
 * The backup file: one gzip stream of JSON lines, written and read as a stream (a database of any
 * size passes through a few megabytes of memory).
 *
 *   {"format":"yiwang-backup","version":1,"createdAt":…,"source":{…},"migrations":[…],"tables":[…]}
 *   {"table":"jurisdictions","columns":["code",…]}        a table block, in foreign-key order
 *   ["620999000000",null,"county",…]                         one row: its columns' text, null for NULL
 *   {"tableEnd":"jurisdictions","rows":11,"checksum":…,"sha256":…}
 *   …
 *   {"sequences":[{"name":"event_serial_seq","lastValue":"42","isCalled":true},…]}
 *   {"file":"2026/11/ab….png","size":68}                   an attachment file,
 *   "iVBORw0KGgo…"                                           base64 in chunks of 192 KiB
 *   {"fileEnd":"2026/11/ab….png","chunks":1,"sha256":…}
 *   {"end":true,"tables":…,"rows":…,"files":…,"fileBytes":…,"missingFiles":[…],"sha256":…}
 *
 * A table's trailer carries its row count, the database's checksum of its rows (compared with the
 * target's after a restore) and the sha256 of the block's lines; the end line carries the sha256
 * of every line before it. gzip's own CRC catches damage inside the stream; a file cut short ends
 * without the end line. Either way the reader stops with a BackupError naming what is wrong.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DatabaseKind } from '../db/database.js';
import type { SequenceState } from './backup.repository.js';

export const BACKUP_FORMAT = 'yiwang-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Raw bytes per base64 line of an attachment file. */
export const FILE_CHUNK_BYTES = 192 * 1024;
/** A longer line than this is not one this format writes (the largest is a row with a big boundary). */
const MAX_LINE_BYTES = 512 * 1024 * 1024;

/** The codes the backup commands stop with (listed in docs/errors.md, "Command-line errors"; a test keeps them in step). */
export const BACKUP_ERROR_CODES = [
  'BACKUP_FILE_CORRUPT',
  'BACKUP_FILE_TRUNCATED',
  'BACKUP_TOO_NEW',
  'BACKUP_SOURCE_IN_USE',
  'BACKUP_SOURCE_MISSING',
  'BACKUP_SCHEMA_MISMATCH',
  'RESTORE_TARGET_NOT_EMPTY',
  'RESTORE_NEEDS_SUPERUSER',
  'BACKUP_VERIFICATION_FAILED',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

/** What the backup commands refuse, with a stable code (the CLI prints the message and exits 1). */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  source: { kind: DatabaseKind; serverVersion: string };
  /** schema_migrations of the source: a restore migrates the target to exactly these. */
  migrations: string[];
  /** The tables in the order their blocks follow. */
  tables: string[];
}

export interface BackupSummary {
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
  /** Attachment files the database names but the source's disk did not have. */
  missingFiles: string[];
}

/** What a backup is made of, in order: from a database (backup, migrate-to) or from a file (restore). */
export type BackupItem =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; name: string; columns: string[] }
  | { kind: 'rows'; lines: string[] }
  | { kind: 'tableEnd'; name: string; rows: number; checksum: string }
  | { kind: 'sequences'; sequences: SequenceState[] }
  | { kind: 'file'; key: string; size: number }
  | { kind: 'fileChunk'; data: Buffer }
  | { kind: 'fileEnd'; key: string; sha256: string }
  | { kind: 'end'; summary: BackupSummary };

/** Writes the items to FILE (through FILE.part, renamed once complete); returns the byte size. */
export async function writeBackupFile(items: AsyncIterable<BackupItem>, file: string): Promise<number> {
  const part = `${file}.part`;
  const out = fs.createWriteStream(part);
  const gzip = zlib.createGzip({ level: 3 });
  gzip.pipe(out);
  let failed: Error | null = null;
  const fail = (error: Error) => (failed ??= error);
  out.on('error', fail);
  gzip.on('error', fail);
  const all = createHash('sha256');
  let block: Hash | null = null;
  let chunks = 0;
  const write = async (line: string) => {
    if (failed) throw failed;
    const text = `${line}\n`;
    all.update(text);
    block?.update(text);
    if (!gzip.write(text)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
  };
  try {
    for await (const item of items) {
      switch (item.kind) {
        case 'header':
          await write(JSON.stringify(item.header));
          break;
        case 'table':
          await write(JSON.stringify({ table: item.name, columns: item.columns }));
          block = createHash('sha256');
          break;
        case 'rows':
          for (const line of item.lines) await write(line);
          break;
        case 'tableEnd': {
          const sha256 = block!.digest('hex');
          block = null;
          await write(JSON.stringify({ tableEnd: item.name, rows: item.rows, checksum: item.checksum, sha256 }));
          break;
        }
        case 'sequences':
          await write(JSON.stringify({ sequences: item.sequences }));
          break;
        case 'file':
          await write(JSON.stringify({ file: item.key, size: item.size }));
          chunks = 0;
          break;
        case 'fileChunk':
          await write(JSON.stringify(item.data.toString('base64')));
          chunks++;
          break;
        case 'fileEnd':
          await write(JSON.stringify({ fileEnd: item.key, chunks, sha256: item.sha256 }));
          break;
        case 'end':
          await write(JSON.stringify({ end: true, ...item.summary, sha256: all.copy().digest('hex') }));
          break;
      }
    }
    await new Promise<void>((resolve, reject) => {
      out.once('finish', resolve);
      out.once('error', reject);
      gzip.end();
    });
    if (failed) throw failed;
    fs.renameSync(part, file);
    return fs.statSync(file).size;
  } catch (error) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(part, { force: true });
    throw error;
  }
}

/** The lines of a gzip'd file, as it is read; gzip's errors become BackupErrors. */
async function* gzipLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of gunzip as Readable & AsyncIterable<Buffer>) {
      let start = 0;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, i));
        yield Buffer.concat(pending).toString('utf8');
        pending = [];
        pendingBytes = 0;
        start = i + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES)
          throw new BackupError(
            'BACKUP_FILE_CORRUPT',
            `${file}: a line longer than ${MAX_LINE_BYTES} bytes — not a backup file`,
          );
      }
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new BackupError('BACKUP_FILE_CORRUPT', `${file}: no such file`);
    if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)) {
      throw new BackupError(
        'BACKUP_FILE_TRUNCATED',
        `${file} is truncated: the compressed stream ends early (an interrupted copy or a full disk?)`,
      );
    }
    if (e.code === 'Z_DATA_ERROR' && /header check/i.test(e.message)) {
      throw new BackupError('BACKUP_FILE_CORRUPT', `${file} is not a backup file (not gzip)`);
    }
    if (typeof e.code === 'string' && e.code.startsWith('Z_')) {
      throw new BackupError(
        'BACKUP_FILE_CORRUPT',
        `${file} is corrupt: ${e.message} (the compressed data fails its check)`,
      );
    }
    throw error;
  } finally {
    input.destroy();
  }
  if (pendingBytes > 0)
    throw new BackupError('BACKUP_FILE_TRUNCATED', `${file} is truncated: its last line is incomplete`);
}

type Expect = 'header' | 'table' | 'rows' | 'file' | 'chunks' | 'done';

/** An attachment file being read: its declared size and what its chunks have added up to so far. */
interface FileInProgress {
  key: string;
  size: number;
  hash: Hash;
  bytes: number;
  chunks: number;
}

/**
 * Reads a backup file back as items, checking as it goes: the header first, every table of the
 * header in order with its rows' count and hash, the sequences, each attachment file's size and
 * hash, the end line's totals and the hash of the whole; nothing after it. Rows are passed on as
 * their text (never parsed into JS numbers, which would round big integers and decimals).
 */
export async function* readBackupFile(file: string, batch = 1000): AsyncGenerator<BackupItem> {
  const reader = new BackupFileReader(file, batch);
  for await (const line of gzipLines(file)) yield* reader.readLine(line);
  reader.checkComplete();
}

/** The state of reading one backup file line by line: what may come next, the running hashes and the totals. */
class BackupFileReader {
  private expect: Expect = 'header';
  private header: BackupHeader | null = null;
  private readonly all = createHash('sha256');
  private block: Hash | null = null;
  private table: string | null = null;
  private tableIndex = 0;
  private rowsInTable = 0;
  private rows: string[] = [];
  private rowBytes = 0;
  private totalRows = 0;
  private current: FileInProgress | null = null;
  private files = 0;
  private fileBytes = 0;
  private lineNo = 0;

  constructor(
    private readonly file: string,
    private readonly batch: number,
  ) {}

  /** Checks the next line and yields the items it completes. */
  *readLine(line: string): Generator<BackupItem> {
    this.lineNo++;
    const first = line.charCodeAt(0);
    if (this.expect === 'rows' && first === 0x5b /* [ */) {
      yield* this.readRow(line);
      return;
    }
    if (this.expect === 'chunks' && first === 0x22 /* " */) {
      yield* this.readFileChunk(line);
      return;
    }
    const record = this.parse(line);
    const endHash = 'end' in record ? this.all.copy().digest('hex') : null;
    this.all.update(`${line}\n`);
    yield* this.readRecord(record, endHash);
  }

  /** Stops with BACKUP_FILE_TRUNCATED unless the end line has been read. */
  checkComplete(): void {
    if (this.expect === 'done') return;
    const where =
      this.expect === 'header'
        ? 'it is empty'
        : this.table
          ? `it stops inside table ${this.table}`
          : this.current
            ? `it stops inside file ${this.current.key}`
            : 'it has no end line';
    throw new BackupError('BACKUP_FILE_TRUNCATED', `${this.file} is truncated: ${where}`);
  }

  /** A BACKUP_FILE_CORRUPT error naming the line. */
  private corrupt(why: string): BackupError {
    return new BackupError('BACKUP_FILE_CORRUPT', `${this.file} is corrupt at line ${this.lineNo}: ${why}`);
  }

  /** The line as a JSON object, or a corrupt-file error. */
  private parse(line: string): Record<string, unknown> {
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw this.corrupt('not a JSON object');
  }

  /** One row of the current table: hashed, and passed on in batches. */
  private *readRow(line: string): Generator<BackupItem> {
    if (line.charCodeAt(line.length - 1) !== 0x5d) throw this.corrupt(`a row of ${this.table} is cut off`);
    this.all.update(`${line}\n`);
    this.block!.update(`${line}\n`);
    this.rows.push(line);
    this.rowBytes += line.length;
    this.rowsInTable++;
    if (this.rows.length >= this.batch || this.rowBytes > 8 * 1024 * 1024) {
      yield { kind: 'rows', lines: this.rows };
      this.rows = [];
      this.rowBytes = 0;
    }
  }

  /** One base64 chunk of the current attachment file, never more than its declared size. */
  private *readFileChunk(line: string): Generator<BackupItem> {
    this.all.update(`${line}\n`);
    const current = this.current!;
    let data: Buffer;
    try {
      data = Buffer.from(JSON.parse(line) as string, 'base64');
    } catch {
      throw this.corrupt(`a chunk of file ${current.key} is not base64 text`);
    }
    current.hash.update(data);
    current.bytes += data.length;
    current.chunks++;
    if (current.bytes > current.size)
      throw this.corrupt(`file ${current.key} is longer than its ${current.size} bytes`);
    yield { kind: 'fileChunk', data };
  }

  /** A JSON object line: whichever of header, table start or end, sequences, file start or end, or end line is due. */
  private *readRecord(record: Record<string, unknown>, endHash: string | null): Generator<BackupItem> {
    const expect = this.expect;
    if (expect === 'header') yield* this.readHeader(record);
    else if (expect === 'table' && typeof record.table === 'string') yield* this.startTable(record, record.table);
    else if (expect === 'rows' && typeof record.tableEnd === 'string') yield* this.endTable(record, record.tableEnd);
    else if (expect === 'table' && Array.isArray(record.sequences)) yield* this.readSequences(record.sequences);
    else if (expect === 'file' && typeof record.file === 'string') yield* this.startFile(record, record.file);
    else if (expect === 'chunks' && typeof record.fileEnd === 'string') yield* this.endFile(record, record.fileEnd);
    else if (expect === 'file' && record.end === true) yield* this.readEnd(record, endHash);
    else if (expect === 'done') throw this.corrupt('data after the end of the backup');
    else
      throw this.corrupt(
        `unexpected ${Object.keys(record)[0] ?? 'line'} (expected ${expect === 'rows' ? `a row of ${this.table}` : expect})`,
      );
  }

  /** The header: our format, a version this code reads, and the tables and migrations it promises. */
  private *readHeader(record: Record<string, unknown>): Generator<BackupItem> {
    if (record.format !== BACKUP_FORMAT) throw this.corrupt('not a Yiwang backup (no header)');
    if (typeof record.version !== 'number' || record.version > BACKUP_FORMAT_VERSION) {
      throw new BackupError(
        'BACKUP_TOO_NEW',
        `${this.file} is in backup format ${String(record.version)}; this version reads format ${BACKUP_FORMAT_VERSION} — upgrade Yiwang to restore it`,
      );
    }
    if (!Array.isArray(record.tables) || !Array.isArray(record.migrations))
      throw this.corrupt('the header lacks its tables or migrations');
    this.header = record as unknown as BackupHeader;
    yield { kind: 'header', header: this.header };
    this.expect = 'table';
  }

  /** The start of a table block: the next table the header lists, with its columns. */
  private *startTable(record: Record<string, unknown>, name: string): Generator<BackupItem> {
    const header = this.header!;
    if (name !== header.tables[this.tableIndex])
      throw this.corrupt(`table ${name} where the header lists ${header.tables[this.tableIndex] ?? 'no more tables'}`);
    if (!Array.isArray(record.columns)) throw this.corrupt(`table ${name} has no column list`);
    this.table = name;
    this.block = createHash('sha256');
    this.rowsInTable = 0;
    yield { kind: 'table', name, columns: record.columns as string[] };
    this.expect = 'rows';
  }

  /** The end of a table block: its row count and sha256 must match the rows read. */
  private *endTable(record: Record<string, unknown>, name: string): Generator<BackupItem> {
    const table = this.table;
    if (name !== table) throw this.corrupt(`the end of table ${name} inside table ${table}`);
    if (record.rows !== this.rowsInTable)
      throw this.corrupt(`table ${table} should have ${String(record.rows)} rows but has ${this.rowsInTable}`);
    if (record.sha256 !== this.block!.digest('hex'))
      throw this.corrupt(`the rows of table ${table} do not match their sha256`);
    if (this.rows.length) yield { kind: 'rows', lines: this.rows };
    this.rows = [];
    this.rowBytes = 0;
    this.totalRows += this.rowsInTable;
    yield { kind: 'tableEnd', name: table!, rows: this.rowsInTable, checksum: String(record.checksum) };
    this.tableIndex++;
    this.table = null;
    this.block = null;
    this.expect = 'table';
  }

  /** The sequences line, which follows the last table. */
  private *readSequences(sequences: unknown[]): Generator<BackupItem> {
    const header = this.header!;
    if (this.tableIndex !== header.tables.length)
      throw this.corrupt(`table ${header.tables[this.tableIndex]} is missing`);
    yield { kind: 'sequences', sequences: sequences as SequenceState[] };
    this.expect = 'file';
  }

  /** The start of an attachment file, with its size. */
  private *startFile(record: Record<string, unknown>, key: string): Generator<BackupItem> {
    if (typeof record.size !== 'number') throw this.corrupt(`file ${key} lacks its size`);
    this.current = { key, size: record.size, hash: createHash('sha256'), bytes: 0, chunks: 0 };
    yield { kind: 'file', key, size: record.size };
    this.expect = 'chunks';
  }

  /** The end of an attachment file: its chunk count, size and sha256 must match the chunks read. */
  private *endFile(record: Record<string, unknown>, key: string): Generator<BackupItem> {
    const f = this.current!;
    if (key !== f.key || record.chunks !== f.chunks) throw this.corrupt(`file ${f.key} ends out of step`);
    if (f.bytes !== f.size) throw this.corrupt(`file ${f.key} has ${f.bytes} of its ${f.size} bytes`);
    const sha256 = f.hash.digest('hex');
    if (record.sha256 !== sha256) throw this.corrupt(`file ${f.key} does not match its sha256`);
    this.files++;
    this.fileBytes += f.bytes;
    this.current = null;
    yield { kind: 'fileEnd', key: f.key, sha256 };
    this.expect = 'file';
  }

  /** The end line: the hash of everything before it and the totals must match what was read. */
  private *readEnd(record: Record<string, unknown>, endHash: string | null): Generator<BackupItem> {
    const summary = record as unknown as BackupSummary & { sha256: string };
    if (summary.sha256 !== endHash) throw this.corrupt('the file does not match its final sha256');
    if (
      summary.tables !== this.tableIndex ||
      summary.rows !== this.totalRows ||
      summary.files !== this.files ||
      summary.fileBytes !== this.fileBytes
    ) {
      throw this.corrupt(
        `the totals (${summary.tables} tables, ${summary.rows} rows, ${summary.files} files) do not match the content (${this.tableIndex}, ${this.totalRows}, ${this.files})`,
      );
    }
    yield {
      kind: 'end',
      summary: {
        tables: this.tableIndex,
        rows: this.totalRows,
        files: this.files,
        fileBytes: this.fileBytes,
        missingFiles: Array.isArray(summary.missingFiles) ? summary.missingFiles : [],
      },
    };
    this.expect = 'done';
  }
}
