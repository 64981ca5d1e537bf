/**
 * 统计周期 in a request — a preset, a month, or `from`/`to` days — as the figure, briefing and
 * village-class routes take it. Months and days are the calendar types every route uses
 * (server/http/schema-primitives.ts: one parser, 2000-01-01 … 2099-12-31); a refusal answers
 * PERIOD_INVALID rather than VALIDATION_FAILED, as these routes always have, so a client tells a
 * bad period from any other bad field. resolveSpan (analytics.service.ts) then combines them.
 */
import { Type } from 'typebox';
import { PERIOD_PRESETS } from '../../core/analytics/periods.js';
import { CalendarDate, CalendarMonth, literalUnion, refusedAs } from '../http/schema-primitives.js';

/** `this_month`, `last_quarter` …: a span relative to today (core/analytics/periods.ts). */
export const PeriodPreset = refusedAs('PERIOD_INVALID', literalUnion(PERIOD_PRESETS));
/** A whole month, 'YYYY-MM'. */
export const PeriodMonth = refusedAs('PERIOD_INVALID', CalendarMonth);
/** A day of a custom span, 'YYYY-MM-DD' (`to` inclusive, as people write it). */
export const PeriodDate = refusedAs('PERIOD_INVALID', CalendarDate);

/** The period fields of a figure query or a briefing request: one of preset, month, or from and to. */
export const PeriodFields = {
  preset: Type.Optional(PeriodPreset),
  month: Type.Optional(PeriodMonth),
  from: Type.Optional(PeriodDate),
  to: Type.Optional(PeriodDate),
};

/** A period as one value: a preset ('last_month'), a month ('2026-10') or the fields as an object. */
export const PeriodValue = refusedAs(
  'PERIOD_INVALID',
  Type.Union([PeriodPreset, PeriodMonth, Type.Object(PeriodFields, { additionalProperties: false })]),
  `a preset (${PERIOD_PRESETS.join(', ')}), a month YYYY-MM, or { preset | month | from, to } with dates between 2000-01-01 and 2099-12-31`,
);
