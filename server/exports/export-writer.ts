/**
 * Writing an export file a page of rows at a time, never holding more than a page: CSV (UTF-8
 * with a BOM, so Excel opens the Chinese correctly; RFC 4180 quoting; formula injection
 * neutralised) or XLSX (exceljs's streaming writer: each row committed as it is added, the header
 * bold and frozen, times as real date cells in China time). Each `writeRows` resolves only once
 * the file can take more — backpressure from the disk (and, for XLSX, from the compressor) slows
 * the database reads down instead of piling rows up in memory.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { type Cell, type ExportColumn } from './export-columns.js';
import { chinaMinuteOf, chinaWallClock } from '../../core/time/china-time.js';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportWriter {
  /** Appends rows (cells in column order); resolves when the file can take more. */
  writeRows(rows: readonly Cell[][]): Promise<void>;
  /** Finishes the file and flushes it to disk. */
  close(): Promise<void>;
  /** Gives up: stops writing and deletes the file. */
  abort(): Promise<void>;
}

export function openExportWriter(format: ExportFormat, file: string, columns: readonly ExportColumn[]): ExportWriter {
  return format === 'csv' ? new CsvWriter(file, columns) : new XlsxWriter(file, columns);
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const BOM = '\uFEFF';
/**
 * A cell a spreadsheet would read as a formula (CSV injection): = + - @, and tab or carriage
 * return, which some spreadsheets skip before looking for one (OWASP's list).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-like text gets a leading `'`; a field with , " CR or LF is quoted. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = value instanceof Date ? chinaMinuteOf(value) : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

class CsvWriter implements ExportWriter {
  private readonly stream: fs.WriteStream;
  private failure: Error | null = null;

  constructor(
    private readonly file: string,
    columns: readonly ExportColumn[],
  ) {
    this.stream = fs.createWriteStream(file, { flags: 'wx' });
    this.stream.on('error', (error) => (this.failure ??= error));
    this.stream.write(BOM + csvLine(columns.map((c) => c.header)));
  }

  async writeRows(rows: readonly Cell[][]): Promise<void> {
    if (this.failure) throw this.failure;
    // One write per page: the page's lines joined (a page is a couple of thousand rows).
    let chunk = '';
    for (const row of rows) chunk += csvLine(row);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await finished(this.stream);
    await syncFile(this.file);
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    await removeFile(this.file);
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

const DATE_FORMAT = 'yyyy-mm-dd hh:mm';
/** Uncompressed sheet XML allowed to wait for the compressor before a page waits for it. */
const XLSX_BUFFER_LIMIT = 1 << 20;

/** The parts of a readable-stream v2 stream (archiver's) that say how much it holds. */
interface LegacyWritable {
  _writableState?: { length: number; needDrain: boolean };
  once(event: 'drain', listener: () => void): unknown;
}

class XlsxWriter implements ExportWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly times: boolean[];
  private readonly out: fs.WriteStream | undefined;
  private failure: Error | null = null;
  /** Rejects when the file stream fails (a full disk), which would leave exceljs's commit waiting forever. */
  private readonly failed: Promise<never>;

  constructor(
    private readonly file: string,
    columns: readonly ExportColumn[],
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useStyles: true,
      useSharedStrings: false,
    });
    this.out = (this.workbook as unknown as { stream?: fs.WriteStream }).stream;
    this.failed = new Promise<never>((_, reject) =>
      this.out?.on('error', (error) => {
        this.failure ??= error;
        reject(error);
      }),
    );
    this.failed.catch(() => {});
    this.sheet = this.workbook.addWorksheet('事件清单', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    // A column's style is every cell's default, so the date format costs nothing per cell.
    this.sheet.columns = columns.map((c, i) => ({
      header: c.header,
      key: `c${i}`,
      width: c.width,
      style: c.kind === 'time' ? { numFmt: DATE_FORMAT } : {},
    }));
    this.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = this.sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    this.times = columns.map((c) => c.kind === 'time');
  }

  async writeRows(rows: readonly Cell[][]): Promise<void> {
    if (this.failure) throw this.failure;
    for (const row of rows) {
      // Spreadsheets have no time zones: a date cell shows the Date's UTC fields, so give it China's.
      const values = row.map((v, i) =>
        v === null ? null : this.times[i] && v instanceof Date ? chinaWallClock(v) : v,
      );
      this.sheet.addRow(values).commit();
    }
    await this.backpressure();
  }

  /**
   * exceljs writes the sheet's XML into the zip without waiting for the compressor, which is the
   * slow part: the XML would pile up in memory (hundreds of MB for a million rows). So after each
   * page wait for the compressor's input — the stream exceljs pipes the sheet into — to drain, and
   * for the file. These are exceljs's and archiver's internals; should they move, the wait
   * degrades to a turn of the event loop, and the memory bench would show it.
   */
  private async backpressure(): Promise<void> {
    const sheetStream = (this.sheet as unknown as { stream?: { pipes?: LegacyWritable[] } }).stream;
    const compressorInput = sheetStream?.pipes?.[0];
    const state = compressorInput?._writableState;
    if (compressorInput && state?.needDrain && state.length > XLSX_BUFFER_LIMIT) {
      await new Promise<void>((resolve) => compressorInput.once('drain', resolve));
    }
    if (this.out?.writableNeedDrain) await Promise.race([once(this.out, 'drain'), this.failed]);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    (this.sheet as unknown as { commit(): void }).commit();
    await Promise.race([this.workbook.commit(), this.failed]);
    await syncFile(this.file);
  }

  async abort(): Promise<void> {
    (this.workbook as unknown as { zip?: { abort(): void } }).zip?.abort();
    this.out?.destroy();
    await removeFile(this.file);
  }
}

// ---------------------------------------------------------------------------------------------

/** Flushes a written file to disk, so that a crash after the rename finds it whole. */
async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function removeFile(file: string): Promise<void> {
  await fsp.rm(file, { force: true });
}
