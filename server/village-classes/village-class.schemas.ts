/**
 * The answers of the village class routes (村级分类, village-class.routes.ts): the county's settings,
 * a month computed, the month's classes, a village's history and the pairings (挂钩). The web app
 * imports the types, so this file imports only typebox, the schema primitives, core and the figure
 * shapes beside it.
 */
import { Type, type Static } from 'typebox';
import { VILLAGE_CLASSES } from '../../core/analytics/village-class.js';
import { Instant, Nullable, literalUnion } from '../http/schema-primitives.js';
import { FigureScope, MonthAnswer } from '../analytics/analytics.schemas.js';

/** KPI key → weight, the thresholds of 放心 / 较好 / 一般, and the least volume classed (core/analytics/village-class.ts). */
export const VillageClassSettingsAnswer = Type.Object({
  weights: Type.Record(Type.String(), Type.Number()),
  thresholds: Type.Object({ reassured: Type.Number(), good: Type.Number(), average: Type.Number() }),
  minVolume: Type.Integer(),
});

const ClassName = Type.Object({ zh: Type.String(), en: Type.String() });

/** GET /api/analytics/village-class-settings: the county's settings (or the defaults), the defaults and the class names. */
export const VillageClassSettingsView = Type.Object({
  countyCode: Type.String(),
  settings: VillageClassSettingsAnswer,
  /** No settings stored, or the stored ones no longer pass: the defaults are used. */
  isDefault: Type.Boolean(),
  defaults: VillageClassSettingsAnswer,
  classes: Type.Record(literalUnion(VILLAGE_CLASSES), ClassName),
});
export type VillageClassSettingsView = Static<typeof VillageClassSettingsView>;

/** PUT /api/analytics/village-class-settings: the settings as saved. */
export const VillageClassSettingsSaved = Type.Object({
  countyCode: Type.String(),
  settings: VillageClassSettingsAnswer,
  isDefault: Type.Boolean(),
});
export type VillageClassSettingsSaved = Static<typeof VillageClassSettingsSaved>;

/** How many villages fell in each class, and how many were not classed. */
const ClassSummary = Type.Record(literalUnion([...VILLAGE_CLASSES, 'unclassed']), Type.Integer());

/** POST /api/analytics/village-classes/compute: the month computed, and its classes counted. */
export const VillageClassesComputed = Type.Object({
  month: MonthAnswer,
  /** The month is over: its classes are kept for good. */
  final: Type.Boolean(),
  villages: Type.Integer(),
  summary: ClassSummary,
});
export type VillageClassesComputed = Static<typeof VillageClassesComputed>;

/** One weighted KPI's contribution to a village's score. */
const ScorePart = Type.Object({
  key: Type.String(),
  name: Type.String(),
  weight: Type.Number(),
  value: Nullable(Type.Number()),
  points: Nullable(Type.Number()),
});

const PairedDepartment = Type.Object({
  departmentId: Type.Integer(),
  name: Type.String(),
  note: Nullable(Type.String()),
});

/** A village's class for a month. */
export const VillageClassRow = Type.Object({
  month: MonthAnswer,
  villageCode: Type.String(),
  villageName: Nullable(Type.String()),
  townCode: Type.String(),
  townName: Nullable(Type.String()),
  /** 0–100; null when the village was not classed. */
  score: Nullable(Type.Number()),
  class: Nullable(literalUnion(VILLAGE_CLASSES)),
  className: Type.String(),
  /** Why it was not classed: below_minimum_volume or no_value. */
  unclassed: Nullable(Type.String()),
  entered: Type.Integer(),
  parts: Type.Array(ScorePart),
  final: Type.Boolean(),
  computedAt: Instant,
  pairedDepartments: Type.Array(PairedDepartment),
});
export type VillageClassRow = Static<typeof VillageClassRow>;

/** GET /api/analytics/village-classes: a month's classes within a scope (all of them counted, the rows maybe of one class). */
export const VillageClassesAnswer = Type.Object({
  scope: FigureScope,
  month: MonthAnswer,
  final: Type.Boolean(),
  summary: ClassSummary,
  rows: Type.Array(VillageClassRow),
});
export type VillageClassesAnswer = Static<typeof VillageClassesAnswer>;

/** GET /api/analytics/village-classes/:code/history: a village's last months, latest first. */
export const VillageClassHistory = Type.Object({ village: FigureScope, rows: Type.Array(VillageClassRow) });
export type VillageClassHistory = Static<typeof VillageClassHistory>;

/** GET /api/analytics/village-pairings: the departments paired with the villages of a scope. */
export const VillagePairingsAnswer = Type.Object({
  scope: FigureScope,
  rows: Type.Array(
    Type.Object({
      villageCode: Type.String(),
      villageName: Type.String(),
      departmentId: Type.Integer(),
      departmentName: Type.String(),
      note: Nullable(Type.String()),
      createdAt: Instant,
    }),
  ),
});
export type VillagePairingsAnswer = Static<typeof VillagePairingsAnswer>;

/** PUT /api/analytics/village-pairings/:code: the village's departments as now paired. */
export const VillagePairingSaved = Type.Object({
  village: FigureScope,
  rows: Type.Array(
    Type.Object({ departmentId: Type.Integer(), departmentName: Type.String(), note: Nullable(Type.String()) }),
  ),
});
export type VillagePairingSaved = Static<typeof VillagePairingSaved>;
