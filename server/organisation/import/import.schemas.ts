/**
 * The contract of the organisation imports (import.routes.ts) and of every other row-by-row import
 * (the work calendar's): the `?dryRun` query and the report (导入报告, import-report.ts) a good file or a
 * dry run answers with — the same report is IMPORT_HAS_ERRORS's details when a row fails. The web app
 * imports the types, so this file imports only typebox, the schema primitives and core.
 */
import { Type, type Static } from 'typebox';

export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean()) });
export type ImportQuery = Static<typeof ImportQuery>;

/** One problem with one row (import-report.ts, RowError). */
export const ImportRowError = Type.Object({
  /** The 1-based feature index (GeoJSON) or spreadsheet row number (the header is row 1). */
  row: Type.Integer(),
  /** The division code the row is about (GeoJSON). */
  code: Type.Optional(Type.String()),
  /** The column or property at fault, when there is one. */
  field: Type.Optional(Type.String()),
  message: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;

/** 导入报告: what was written (or, for a dry run, would be), and every row's problem. */
export const ImportReport = Type.Object({
  ok: Type.Boolean(),
  dryRun: Type.Boolean(),
  counts: Type.Object({
    rows: Type.Integer(),
    inserted: Type.Integer(),
    updated: Type.Integer(),
    skipped: Type.Integer(),
  }),
  /** At most 1000, ordered by row. */
  errors: Type.Array(ImportRowError),
  /** How many further errors were found but not listed. */
  omittedErrors: Type.Optional(Type.Integer()),
});
export type ImportReport = Static<typeof ImportReport>;
