/**
 * A holiday arrangement as a file (节假日安排): rows of `date,kind,name[,note]`, from a CSV (UTF-8)
 * or XLSX spreadsheet or a JSON array of `{ date, kind, name?, note? }`. Checked row by row so an
 * import can report every problem at once and write nothing. Pure: no database.
 *
 * CSV details: a header row is optional (date,kind,name,note or 日期,类型,名称,备注); lines whose
 * first cell starts with `#` are comments; kind may be written in Chinese (上班/补班 = workday,
 * 放假/休息 = holiday); dates may be 2027-02-06, 2027/2/6 or an Excel date cell. A cell's date,
 * however written, is held to the one client range (core/time/client-dates.ts) like any date a
 * client sends.
 */
import fs from 'node:fs';
import { fail } from '../../core/errors.js';
import type { CstDate, DayKind } from '../../core/deadlines/work-calendar.js';
import { CLIENT_DATE_FIRST, CLIENT_DATE_LAST, isClientDate } from '../../core/time/client-dates.js';
import { readTable, type RawRow } from '../organisation/import/table-import.js';
import type { RowError } from '../organisation/import/import-report.js';
import type { OverrideWrite } from './calendar.repository.js';
import { MAX_NAME_LENGTH, MAX_NOTE_LENGTH } from './calendar.schemas.js';

export const MAX_ARRANGEMENT_ROWS = 5000;

export interface ArrangementRow extends OverrideWrite {
  /** the spreadsheet row number (header = 1) or the 1-based index in a JSON array */
  row: number;
}

export interface ParsedArrangement {
  /** data rows read (comments and blank lines not counted) */
  total: number;
  rows: ArrangementRow[];
  errors: RowError[];
}

const KIND_WORDS: Record<string, DayKind> = {
  workday: 'workday',
  上班: 'workday',
  班: 'workday',
  补班: 'workday',
  调休上班: 'workday',
  工作日: 'workday',
  holiday: 'holiday',
  放假: 'holiday',
  休: 'holiday',
  休息: 'holiday',
  假: 'holiday',
  节假日: 'holiday',
};

const HEADER_WORDS: Record<string, keyof Fields> = {
  date: 'date',
  日期: 'date',
  kind: 'kind',
  type: 'kind',
  类型: 'kind',
  name: 'name',
  名称: 'name',
  节日: 'name',
  note: 'note',
  备注: 'note',
  说明: 'note',
};

interface Fields {
  date: unknown;
  kind: unknown;
  name: unknown;
  note: unknown;
}

/** The written form of a date: '2027-02-06', '2027/2/6', '2027.2.6', 2027年2月6日, an ISO midnight from an Excel date cell → 'YYYY-MM-DD' (any year), or null. */
function dateText(value: string): string | null {
  const text = value.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.000)?Z$/.exec(text);
  if (iso) return iso[1];
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
}

/** A cell's date as 'YYYY-MM-DD' when it is a real date within the client range (isClientDate), else null. */
export function normaliseDate(value: string): CstDate | null {
  const date = dateText(value);
  return date !== null && isClientDate(date) ? date : null;
}

function checkRow(row: number, fields: Fields, seen: Map<CstDate, number>, errors: RowError[]): ArrangementRow | null {
  const before = errors.length;
  const text = (v: unknown) =>
    v === undefined || v === null ? '' : typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : null;

  const cellDate = text(fields.date);
  let date: CstDate | null = null;
  if (!cellDate) errors.push({ row, field: 'date', message: 'the date is missing' });
  else {
    date = normaliseDate(cellDate);
    if (!date)
      errors.push({
        row,
        field: 'date',
        message: `not a date between ${CLIENT_DATE_FIRST} and ${CLIENT_DATE_LAST}: "${cellDate}" (write 2027-02-06)`,
      });
    else if (seen.has(date))
      errors.push({ row, field: 'date', message: `${date} is listed twice (first in row ${seen.get(date)})` });
    else seen.set(date, row);
  }

  const kindText = text(fields.kind);
  const kind = kindText ? KIND_WORDS[kindText.toLowerCase()] : undefined;
  if (!kindText) errors.push({ row, field: 'kind', message: 'the kind is missing (workday or holiday)' });
  else if (!kind) errors.push({ row, field: 'kind', message: `unknown kind "${kindText}" (workday or holiday)` });

  const name = text(fields.name);
  if (name === null) errors.push({ row, field: 'name', message: 'the name must be text' });
  else if (name.length > MAX_NAME_LENGTH)
    errors.push({ row, field: 'name', message: `the name is longer than ${MAX_NAME_LENGTH} characters` });
  const note = text(fields.note);
  if (note === null) errors.push({ row, field: 'note', message: 'the note must be text' });
  else if (note.length > MAX_NOTE_LENGTH)
    errors.push({ row, field: 'note', message: `the note is longer than ${MAX_NOTE_LENGTH} characters` });

  if (errors.length > before || !date || !kind) return null;
  return { row, date, kind, name: name || null, note: note || null };
}

function tooMany(): never {
  fail(
    'VALIDATION_FAILED',
    `more than ${MAX_ARRANGEMENT_ROWS} rows; one import is at most ${MAX_ARRANGEMENT_ROWS} days`,
  );
}

/** Rows of a CSV/XLSX table (as read by readTable). */
export function parseArrangementTable(rows: readonly RawRow[]): ParsedArrangement {
  const data = rows.filter((r) => !(r.cells[0] ?? '').trim().startsWith('#'));
  let columns: Record<keyof Fields, number> = { date: 0, kind: 1, name: 2, note: 3 };
  let start = 0;
  const first = data[0];
  if (first && !normaliseDate(first.cells[0] ?? '')) {
    const header = first.cells.map((c) => HEADER_WORDS[c.trim().toLowerCase()]);
    if (header.includes('date')) {
      if (!header.includes('kind')) fail('VALIDATION_FAILED', 'the header row has no kind column (类型)');
      columns = {
        date: header.indexOf('date'),
        kind: header.indexOf('kind'),
        name: header.indexOf('name'),
        note: header.indexOf('note'),
      };
      start = 1;
    }
  }
  const body = data.slice(start);
  if (body.length > MAX_ARRANGEMENT_ROWS) tooMany();
  const seen = new Map<CstDate, number>();
  const errors: RowError[] = [];
  const out: ArrangementRow[] = [];
  const cell = (r: RawRow, i: number) => (i < 0 ? undefined : r.cells[i]);
  for (const r of body) {
    const parsed = checkRow(
      r.row,
      {
        date: cell(r, columns.date),
        kind: cell(r, columns.kind),
        name: cell(r, columns.name),
        note: cell(r, columns.note),
      },
      seen,
      errors,
    );
    if (parsed) out.push(parsed);
  }
  return { total: body.length, rows: out, errors };
}

/** A JSON array of { date, kind, name?, note? }; rows are numbered from 1. */
export function parseArrangementJson(value: unknown): ParsedArrangement {
  if (!Array.isArray(value)) fail('VALIDATION_FAILED', 'send a JSON array of { date, kind, name?, note? }');
  if (value.length > MAX_ARRANGEMENT_ROWS) tooMany();
  const seen = new Map<CstDate, number>();
  const errors: RowError[] = [];
  const out: ArrangementRow[] = [];
  value.forEach((item, index) => {
    const row = index + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ row, message: 'each item must be an object { date, kind, name?, note? }' });
      return;
    }
    const o = item as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !['date', 'kind', 'name', 'note'].includes(k));
    if (unknown.length) errors.push({ row, field: unknown[0], message: `unknown field "${unknown[0]}"` });
    const parsed = checkRow(row, { date: o.date, kind: o.kind, name: o.name, note: o.note }, seen, errors);
    if (parsed && !unknown.length) out.push(parsed);
  });
  return { total: value.length, rows: out, errors };
}

/** Reads an arrangement file from disk (.csv, .xlsx or .json) — for scripts and tests. */
export async function readArrangementFile(file: string): Promise<ParsedArrangement> {
  const bytes = fs.readFileSync(file);
  if (file.endsWith('.json')) return parseArrangementJson(JSON.parse(bytes.toString('utf8')));
  return parseArrangementTable((await readTable(bytes)).rows);
}
