/**
 * Request and answer schemas of the export routes (TypeBox → JSON Schema: validation, serialisation and
 * documentation). The web app imports the types, so this file imports only typebox, the schema
 * primitives and the event list's request schema.
 */
import { Type, type Static } from 'typebox';
import { ListQuery } from '../events/event.schemas.js';
import { FileAnswer, Instant, Nullable, literalUnion } from '../http/schema-primitives.js';

/** The event list's filters, as in GET /api/events' query — but a JSON body: lists are arrays. */
const FILTER_KEYS = [
  'jurisdiction',
  'status',
  'statusKind',
  'type',
  'category',
  'channel',
  'risk',
  'highRisk',
  'from',
  'to',
  'q',
  'light',
  'tier',
  'suspended',
] as const;

export const ExportFilters = Type.Object(
  Object.fromEntries(FILTER_KEYS.map((key) => [key, ListQuery.properties[key]])) as {
    [K in (typeof FILTER_KEYS)[number]]: (typeof ListQuery.properties)[K];
  },
  {
    additionalProperties: false,
  },
);

export const ExportBody = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    filters: Type.Optional(ExportFilters),
  },
  { additionalProperties: false },
);

export const ExportIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

// ---- answers ----

/** An export as its requester reads it: progress while it runs, the file's link once done. */
export const ExportAnswer = Type.Object({
  id: Type.Integer(),
  format: literalUnion(['csv', 'xlsx']),
  status: literalUnion(['queued', 'running', 'done', 'failed', 'expired']),
  /** The event list's filters it was asked with (ExportFilters), as stored. */
  filters: Type.Record(Type.String(), Type.Unknown()),
  /** The events to write, once counted. */
  totalRows: Nullable(Type.Integer()),
  rowsWritten: Type.Integer(),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  fileBytes: Nullable(Type.Integer()),
  /** Why it failed, for a person. */
  error: Nullable(Type.String()),
  createdAt: Instant,
  startedAt: Nullable(Instant),
  finishedAt: Nullable(Instant),
  expiresAt: Nullable(Instant),
  downloadUrl: Nullable(Type.String()),
});
export type ExportAnswer = Static<typeof ExportAnswer>;

/** POST /api/exports (202) and GET /api/exports/:id. */
export const OneExportAnswer = Type.Object({ export: ExportAnswer });
export type OneExportAnswer = Static<typeof OneExportAnswer>;

/** GET /api/exports: the caller's latest exports. */
export const ExportListAnswer = Type.Object({ items: Type.Array(ExportAnswer) });
export type ExportListAnswer = Static<typeof ExportListAnswer>;

/** GET /api/exports/:id/download: the file (UTF-8 CSV with a BOM, or an Excel workbook). */
export const ExportFile = FileAnswer(
  ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  'the event list as CSV or as an Excel workbook, as the export was asked for',
);
