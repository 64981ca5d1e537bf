/**
 * The row-by-row report every import returns (导入报告), and the rule that an import with any
 * error writes nothing. Pure: no database.
 */
import { DomainError, fail } from '../../../core/errors.js';
import { canAdministerOrganisation, type CurrentUser } from '../../../core/access/current-user.js';

/**
 * One problem with one row. `row` is the 1-based feature index for GeoJSON, the spreadsheet row
 * number for CSV and XLSX (the header is row 1, the first data row 2). `code` is the division code
 * the row is about (GeoJSON), `field` the column or property at fault when there is one.
 */
export interface RowError {
  row: number;
  code?: string;
  field?: string;
  message: string;
}

export interface ImportCounts {
  /** Data rows (features) read from the file; blank spreadsheet rows are not counted. */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows that change nothing (a binding that already exists or repeats an earlier row). */
  skipped: number;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  /** What was written, or for a dry run what would be written for the rows without errors. */
  counts: ImportCounts;
  /** At most MAX_REPORTED_ERRORS, ordered by row. */
  errors: RowError[];
  /** How many further errors were found but not listed. */
  omittedErrors?: number;
}

export const MAX_REPORTED_ERRORS = 1000;

export function buildReport(input: { dryRun: boolean; counts: ImportCounts; errors: RowError[] }): ImportReport {
  const sorted = [...input.errors].sort((a, b) => a.row - b.row);
  const ok = sorted.length === 0;
  const report: ImportReport = {
    ok,
    dryRun: input.dryRun,
    // A failed import wrote nothing; a dry run shows what it would have done.
    counts: ok || input.dryRun ? input.counts : { rows: input.counts.rows, inserted: 0, updated: 0, skipped: 0 },
    errors: sorted.slice(0, MAX_REPORTED_ERRORS),
  };
  if (sorted.length > MAX_REPORTED_ERRORS) report.omittedErrors = sorted.length - MAX_REPORTED_ERRORS;
  return report;
}

/** The 422 for an import with row errors; the report travels as the error's details. */
export function importHasErrors(report: ImportReport): DomainError {
  const total = report.errors.length + (report.omittedErrors ?? 0);
  const rows = new Set(report.errors.map((e) => e.row)).size;
  const more = report.omittedErrors
    ? ` (the first ${report.errors.length} are listed, ${report.omittedErrors} more omitted)`
    : '';
  return new DomainError(
    'IMPORT_HAS_ERRORS',
    `the file has ${total} error${total === 1 ? '' : 's'}${rows > 1 || report.omittedErrors ? ` in ${report.omittedErrors ? 'at least ' : ''}${rows} rows` : ''}${more}; nothing was imported`,
    report,
  );
}

/** Only the operators of a command centre import the organisation. */
export function assertMayImport(user: CurrentUser): void {
  if (!canAdministerOrganisation(user)) {
    fail('FORBIDDEN', 'only a county or town command centre operator may import the organisation');
  }
}
