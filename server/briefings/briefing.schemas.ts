/**
 * The answers of the briefing routes (通报, briefing.routes.ts): the list of notices, a notice issued,
 * and one notice — its summary and the stored snapshot (BriefingContent in briefing.service.ts, the
 * figures as they were when it was generated), or the same notice as an Excel file or a printable
 * page. The web app imports the types, so this file imports only typebox, the schema primitives, core
 * and the figure shapes of analytics.schemas.ts.
 */
import { Type, type Static } from 'typebox';
import { BRIEFING_KINDS } from '../../core/analytics/briefing-schedule.js';
import { VILLAGE_CLASSES } from '../../core/analytics/village-class.js';
import { LEVELS } from '../../core/organisation/division-code.js';
import { FileAnswer, Instant, Nullable, literalUnion } from '../http/schema-primitives.js';
import { DayAnswer, FigureSpan, MonthAnswer } from '../analytics/analytics.schemas.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const HTML_MEDIA_TYPE = 'text/html';

const BriefingKind = literalUnion(BRIEFING_KINDS);
const KpiKind = literalUnion(['count', 'rate']);

// ---- a notice as listed ----

/** A notice's summary: what, where, which period, who issued it (null: the schedule), and its three forms. */
export const BriefingSummary = Type.Object({
  id: Type.Integer(),
  kind: BriefingKind,
  kindName: Type.String(),
  title: Type.String(),
  scope: Type.Object({ code: Type.String(), name: Type.String(), level: literalUnion(LEVELS) }),
  period: Type.Object({ from: DayAnswer, to: DayAnswer, toExclusive: DayAnswer, label: Type.String() }),
  generatedAt: Instant,
  generatedBy: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) })),
  scheduled: Type.Boolean(),
  links: Type.Object({ json: Type.String(), xlsx: Type.String(), html: Type.String() }),
});
export type BriefingSummary = Static<typeof BriefingSummary>;

/** GET /api/briefings: the notices the caller receives, newest first. */
export const BriefingListAnswer = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(BriefingSummary),
});
export type BriefingListAnswer = Static<typeof BriefingListAnswer>;

/** POST /api/briefings: the notice issued (201), or re-issued in place of the period's earlier one (200, `replaced`). */
export const BriefingIssued = Type.Object({
  briefing: BriefingSummary,
  replaced: Type.Boolean(),
  message: Type.String(),
});
export type BriefingIssued = Static<typeof BriefingIssued>;

// ---- the stored snapshot (BriefingContent, briefing.service.ts) ----

const BriefingFigure = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  kind: KpiKind,
  value: Nullable(Type.Number()),
  numerator: Type.Integer(),
  denominator: Nullable(Type.Integer()),
  display: Type.String(),
});

const BriefingChange = Type.Object({
  previousValue: Nullable(Type.Number()),
  previousDisplay: Type.String(),
  delta: Nullable(Type.Number()),
  ratio: Nullable(Type.Number()),
  display: Type.String(),
});

const HeadlineFigure = Type.Object({ ...BriefingFigure.properties, mom: BriefingChange, yoy: BriefingChange });

const BriefingTable = Type.Object({
  title: Type.String(),
  columns: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), kind: KpiKind })),
  rows: Type.Array(
    Type.Object({
      key: Nullable(Type.String()),
      name: Type.String(),
      /** The centre's own row (本级); absent in notices stored before it was kept. */
      own: Type.Optional(Type.Boolean()),
      figures: Type.Record(Type.String(), BriefingFigure),
    }),
  ),
});

const BriefingRanking = Type.Object({
  title: Type.String(),
  level: literalUnion(['town', 'village', 'department']),
  kpi: Type.Object({ key: Type.String(), zh: Type.String(), kind: KpiKind, higherIsBetter: Type.Boolean() }),
  minVolume: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      rank: Nullable(Type.Integer()),
      name: Type.String(),
      value: Nullable(Type.Number()),
      numerator: Type.Integer(),
      denominator: Nullable(Type.Integer()),
      display: Type.String(),
      volume: Type.Integer(),
      unranked: Nullable(literalUnion(['below_minimum_volume', 'no_value'])),
      note: Nullable(Type.String()),
    }),
  ),
});

const BriefingEvent = Type.Object({
  serialNo: Type.String(),
  title: Type.String(),
  eventType: Type.String(),
  typeName: Type.String(),
  riskName: Type.String(),
  place: Type.String(),
  address: Nullable(Type.String()),
  reportedAt: Instant,
  status: Type.String(),
  statusName: Type.String(),
  tier: Type.String(),
  tierName: Type.String(),
  light: Type.String(),
  lightName: Type.String(),
  overdue: Type.Boolean(),
  supervised: Type.Boolean(),
  urgeCount: Type.Integer(),
  resolvedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  lastAction: Nullable(Type.String()),
  lastActionName: Nullable(Type.String()),
  lastActionAt: Nullable(Instant),
  lastNote: Nullable(Type.String()),
});

const BriefingEventList = Type.Object({
  key: literalUnion(['reported_petitions_disputes', 'decided', 'open_supervised']),
  title: Type.String(),
  total: Type.Integer(),
  /** At most this many events are listed; `total` counts them all. */
  cap: Type.Integer(),
  items: Type.Array(BriefingEvent),
});

const BriefingVillageClasses = Type.Object({
  months: Type.Array(MonthAnswer),
  latestMonth: MonthAnswer,
  summary: Type.Array(
    Type.Object({
      class: literalUnion([...VILLAGE_CLASSES, 'unclassed']),
      name: Type.String(),
      villages: Type.Integer(),
    }),
  ),
  lagging: Type.Array(
    Type.Object({
      villageCode: Type.String(),
      villageName: Type.String(),
      townName: Nullable(Type.String()),
      months: Type.Array(MonthAnswer),
      latestScore: Nullable(Type.Number()),
      pairedDepartments: Type.Array(Type.String()),
    }),
  ),
});

const LabelledSpan = Type.Object({ ...FigureSpan.properties, label: Type.String() });

/** A notice's snapshot: headline figures with 环比/同比, tables by place and type, rankings, event lists, village classes. */
export const BriefingContent = Type.Object({
  version: Type.Literal(1),
  kind: BriefingKind,
  kindName: Type.String(),
  title: Type.String(),
  scope: Type.Object({ code: Type.String(), level: Type.String(), name: Type.String() }),
  period: LabelledSpan,
  previous: LabelledSpan,
  lastYear: LabelledSpan,
  generatedAt: Instant,
  headline: Type.Array(HeadlineFigure),
  byPlace: BriefingTable,
  byType: BriefingTable,
  rankings: Type.Array(BriefingRanking),
  lists: Type.Array(BriefingEventList),
  villageClasses: Nullable(BriefingVillageClasses),
});
export type BriefingContent = Static<typeof BriefingContent>;

/** GET /api/briefings/:id as JSON: the notice's summary and its snapshot. */
export const BriefingDetail = Type.Object({ briefing: BriefingSummary, content: BriefingContent });
export type BriefingDetail = Static<typeof BriefingDetail>;

/** The notice as a formatted Excel workbook. */
export const BriefingWorkbook = FileAnswer([XLSX_MEDIA_TYPE], 'the notice as an Excel workbook (.xlsx)');
/** The notice as a printable page: static HTML, inline styles, no scripts. */
export const BriefingPage = FileAnswer([HTML_MEDIA_TYPE], 'the notice as a printable page');

/** GET /api/briefings/:id[.json|.xlsx|.html]: the form the extension names (JSON without one). */
export const BriefingInAnyForm = {
  description: 'the notice: JSON (no extension or .json), an Excel workbook (.xlsx) or a printable page (.html)',
  content: {
    'application/json': { schema: BriefingDetail },
    ...BriefingWorkbook.content,
    ...BriefingPage.content,
  },
};
