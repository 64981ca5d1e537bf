/**
 * Spreadsheets for the people and bindings imports: a CSV (UTF-8) or XLSX file, told apart by its
 * first bytes, read into rows that keep their spreadsheet row numbers, then matched to named
 * columns by a header row in English or Chinese. Pure: no database.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { fail } from '../../../core/errors.js';

export type TableFormat = 'csv' | 'xlsx';

/** A spreadsheet row as read: `row` is the number the spreadsheet shows (1-based). */
export interface RawRow {
  row: number;
  cells: string[];
}

export interface RawTable {
  format: TableFormat;
  rows: RawRow[];
}

/** More data rows than this is a file to split: one import is one transaction. */
export const MAX_TABLE_ROWS = 50_000;
/** The header row is looked for among the first rows (a template may have a title above it). */
const HEADER_SEARCH_ROWS = 10;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** Reads a CSV or XLSX file. File-level problems (empty, wrong format, not UTF-8) throw. */
export async function readTable(bytes: Uint8Array): Promise<RawTable> {
  if (bytes.length === 0) fail('VALIDATION_FAILED', 'the file is empty');
  if (startsWith(bytes, ZIP)) return { format: 'xlsx', rows: await readXlsx(bytes) };
  if (startsWith(bytes, OLE2)) {
    fail(
      'IMPORT_FORMAT_UNSUPPORTED',
      'this is an old Excel .xls file; save it as .xlsx or as "CSV UTF-8" and import that',
    );
  }
  return { format: 'csv', rows: readCsv(decodeUtf8Text(bytes, 'CSV')) };
}

/**
 * UTF-8 text without its byte-order mark. Other encodings (GBK, as Excel for Chinese Windows
 * saves "CSV", or UTF-16) are refused with a message saying how to re-save the file.
 */
export function decodeUtf8Text(bytes: Uint8Array, what: string): string {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    fail(
      'IMPORT_FORMAT_UNSUPPORTED',
      `the ${what} file is UTF-16; only UTF-8 is accepted (in Excel: Save As → "CSV UTF-8")`,
    );
  }
  const probe = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (probe.includes(0))
    fail('IMPORT_FORMAT_UNSUPPORTED', `the file is not ${what === 'CSV' ? 'a CSV or XLSX' : `a ${what}`} file`);
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  if (text.includes('\uFFFD')) {
    fail(
      'IMPORT_FORMAT_UNSUPPORTED',
      `the ${what} file is not valid UTF-8 (GBK/GB2312 is not accepted); re-save it as UTF-8 (in Excel: Save As → "CSV UTF-8")`,
    );
  }
  return text;
}

function readCsv(text: string): RawRow[] {
  const delimiter = pickDelimiter(
    text
      .slice(0, 16384)
      .split(/\r?\n/)
      .slice(0, HEADER_SEARCH_ROWS + 1)
      .join('\n'),
  );
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail('VALIDATION_FAILED', `the CSV file cannot be read: ${message}`);
  }
  const rows: RawRow[] = [];
  // One record per spreadsheet row (a quoted multi-line cell stays in its row), so the record's
  // position is the row number a spreadsheet shows.
  records.forEach((cells, index) => {
    const clean = cells.map(cleanCell);
    if (clean.some((c) => c !== '')) rows.push({ row: index + 1, cells: clean });
  });
  return rows;
}

/** Comma unless the first lines plainly use tabs or semicolons. */
function pickDelimiter(head: string): string {
  const count = (ch: string) => head.split(ch).length - 1;
  const candidates: [string, number][] = [
    [',', count(',')],
    ['\t', count('\t')],
    [';', count(';')],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0][1] > 0 ? candidates[0][0] : ',';
}

async function readXlsx(bytes: Uint8Array): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    fail('IMPORT_FORMAT_UNSUPPORTED', 'the file looks like a zip archive but is not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) fail('VALIDATION_FAILED', 'the workbook has no rows');
  if (sheet.actualRowCount > MAX_TABLE_ROWS + HEADER_SEARCH_ROWS) tooManyRows();
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    // row.values is 1-based (index 0 is empty).
    for (let i = 1; i < values.length; i++) cells.push(cleanCell(cellText(values[i])));
    if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

function tooManyRows(): never {
  fail('VALIDATION_FAILED', `the file has more than ${MAX_TABLE_ROWS} rows; split it into smaller files`);
}

/** The text of an XLSX cell, whatever kind of value it holds. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text ?? '').join('');
    if ('error' in value) return '';
    if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('formula' in value || 'sharedFormula' in value) return '';
  }
  return String(value);
}

/** Trims, and drops zero-width spaces and byte-order marks that spreadsheets leave behind. */
function cleanCell(value: string): string {
  return value.replace(/[\u200B-\u200D\uFEFF]/g, '').trim();
}

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

export interface ColumnSpec<F extends string> {
  field: F;
  /** Header texts that name this column (English key first, then Chinese). */
  headers: readonly string[];
}

export interface TableRecord<F extends string> {
  row: number;
  values: Partial<Record<F, string>>;
}

export interface MappedTable<F extends string> {
  format: TableFormat;
  /** The spreadsheet row number of the header. */
  headerRow: number;
  columns: F[];
  records: TableRecord<F>[];
}

/** Header text compared loosely: case, spaces, _ - *, full-width forms and "(必填)" notes ignored. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, '')
    .replace(/[\s_*\-:]/g, '');
}

/**
 * Finds the header row, maps each named column to its field and returns the data rows below it
 * keyed by field. Unknown columns (a 备注 note, a sequence number) are ignored. `required` lists
 * alternatives: each entry is satisfied when any one of its fields is present.
 */
export function mapColumns<F extends string>(
  table: RawTable,
  specs: readonly ColumnSpec<F>[],
  required: readonly (readonly F[])[],
): MappedTable<F> {
  const lookup = new Map<string, F>();
  for (const spec of specs) for (const h of spec.headers) lookup.set(normaliseHeader(h), spec.field);

  const describe = (f: F) => {
    const spec = specs.find((s) => s.field === f)!;
    return spec.headers.slice(0, 2).join('/');
  };
  const expected = required.map((alt) => alt.map(describe).join(' or ')).join(', ');

  let headerIndex = -1;
  let fieldsAt: (F | null)[] = [];
  for (let i = 0; i < Math.min(table.rows.length, HEADER_SEARCH_ROWS); i++) {
    const mapped = table.rows[i].cells.map((c) => lookup.get(normaliseHeader(c)) ?? null);
    if (mapped.filter((f) => f !== null).length >= 2) {
      headerIndex = i;
      fieldsAt = mapped;
      break;
    }
  }
  if (headerIndex < 0) {
    fail('VALIDATION_FAILED', `no header row found; the first row must name the columns (${expected})`, {
      expectedColumns: required.map((alt) => alt.map(describe)),
    });
  }

  const seen = new Map<F, number>();
  fieldsAt.forEach((field, index) => {
    if (field === null) return;
    if (seen.has(field)) {
      fail(
        'VALIDATION_FAILED',
        `the column ${describe(field)} appears twice in the header (columns ${seen.get(field)! + 1} and ${index + 1})`,
      );
    }
    seen.set(field, index);
  });
  const missing = required.filter((alt) => !alt.some((f) => seen.has(f)));
  if (missing.length) {
    fail(
      'VALIDATION_FAILED',
      `missing column${missing.length > 1 ? 's' : ''}: ${missing.map((alt) => alt.map(describe).join(' or ')).join(', ')}`,
      {
        missingColumns: missing.map((alt) => alt.map(describe)),
        headerRow: table.rows[headerIndex].row,
      },
    );
  }

  const dataRows = table.rows.slice(headerIndex + 1);
  if (dataRows.length === 0) fail('VALIDATION_FAILED', 'the file has a header row but no data rows');
  if (dataRows.length > MAX_TABLE_ROWS) tooManyRows();
  const records = dataRows.map((raw) => {
    const values: Partial<Record<F, string>> = {};
    for (const [field, index] of seen) {
      const cell = raw.cells[index];
      if (cell !== undefined && cell !== '') values[field] = cell;
    }
    return { row: raw.row, values };
  });
  return { format: table.format, headerRow: table.rows[headerIndex].row, columns: [...seen.keys()], records };
}

// ---------------------------------------------------------------------------------------------
// Cell values shared by the people and bindings imports
// ---------------------------------------------------------------------------------------------

/** Digits and letters in their ASCII forms, spaces removed (codes typed with full-width digits). */
export function compact(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '');
}

/** A division code cell: Excel's leading apostrophe and any spaces removed. */
export function cleanCode(value: string): string {
  return compact(value).replace(/^'/, '');
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** A mainland mobile number with spaces, dashes and a +86 prefix removed; validity is checked separately. */
export function cleanPhone(value: string): string {
  let phone = compact(value).replace(/^'/, '').replace(/[-()]/g, '');
  if (/^(\+?86|0086)1\d{10}$/.test(phone)) phone = phone.slice(phone.length - 11);
  return phone;
}

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;
