/** Request schemas for the export routes (TypeBox → JSON Schema: validation and documentation). */
import { Type } from 'typebox';
import { ListQuery } from '../events/event.schemas.js';

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
