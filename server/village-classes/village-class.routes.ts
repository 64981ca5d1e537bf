/**
 * Village class routes (村级分类): the county's settings, computing a month, the month's classes
 * (the lagging list 滞后村 with the departments paired to each), a village's history, and editing
 * the pairings (挂钩). validate → authorise → call the service → present.
 */
import { Type } from 'typebox';
import type { AppDeps } from '../app-deps.js';
import { errors, type App } from '../http/contract.js';
import { requireUser } from '../auth/auth.hook.js';
import { fail } from '../../core/errors.js';
import {
  assertCanComputeVillageClasses,
  assertCanReadScope,
  assertCanSteerVillageClasses,
} from '../../core/analytics/analytics-access.js';
import {
  VILLAGE_CLASSES,
  VILLAGE_CLASS_NAMES,
  DEFAULT_VILLAGE_CLASS_SETTINGS,
  type VillageClass,
} from '../../core/analytics/village-class.js';
import { KPI_BY_KEY } from '../../core/analytics/kpi-formulas.js';
import { isWithin } from '../../core/organisation/division-code.js';
import { KpiRepository } from '../analytics/kpi.repository.js';
import { resolveScope } from '../analytics/analytics.service.js';
import { VillageClassRepository, type VillageClassRow } from './village-class.repository.js';
import { computeVillageClasses, saveVillageClassSettings, villageClassSettings } from './village-class.service.js';
import { countyOf } from '../../core/organisation/division-code.js';
import { literalUnion } from '../http/schema-primitives.js';
import { PeriodMonth } from '../analytics/period.schemas.js';
import {
  VillageClassHistory,
  VillageClassSettingsSaved,
  VillageClassSettingsView,
  VillageClassesAnswer,
  VillageClassesComputed,
  VillagePairingSaved,
  VillagePairingsAnswer,
} from './village-class.schemas.js';
import { chinaDateOf } from '../../core/time/china-time.js';

/** A county, town or village code (12 digits): classes are kept per village. */
const Code = Type.String({ pattern: '^[0-9]{12}$' });
const Month = PeriodMonth;

const SettingsBody = Type.Object(
  {
    weights: Type.Record(Type.String({ pattern: '^[A-Za-z]{1,40}$' }), Type.Number({ minimum: 0, maximum: 1000 }), {
      maxProperties: 40,
    }),
    thresholds: Type.Object(
      { reassured: Type.Number(), good: Type.Number(), average: Type.Number() },
      { additionalProperties: false },
    ),
    minVolume: Type.Integer({ minimum: 0, maximum: 100000 }),
  },
  { additionalProperties: false },
);
const ComputeBody = Type.Object({ month: Month, scope: Type.Optional(Code) }, { additionalProperties: false });
const ClassesQuery = Type.Object(
  { month: Type.Optional(Month), scope: Type.Optional(Code), class: Type.Optional(literalUnion(VILLAGE_CLASSES)) },
  { additionalProperties: false },
);
const VillageParams = Type.Object({ code: Code });
const PairingBody = Type.Object(
  {
    departmentIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { maxItems: 20, uniqueItems: true }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
const ScopeQuery = Type.Object({ scope: Type.Optional(Code) }, { additionalProperties: false });

/** The errors of a route that reads a scope: the caller's reach, and a code that is no jurisdiction. */
const SCOPE_ERRORS = ['FORBIDDEN', 'OUT_OF_SCOPE', 'JURISDICTION_CODE_INVALID', 'JURISDICTION_NOT_FOUND'] as const;

function presentRow(
  r: VillageClassRow & {
    village_name?: string;
    town_name?: string | null;
    pairings?: { departmentId: number; name: string; note: string | null }[] | null;
  },
) {
  const cls = r.class as VillageClass | null;
  return {
    month: r.month,
    villageCode: r.village_code,
    villageName: r.village_name ?? null,
    townCode: r.town_code,
    townName: r.town_name ?? null,
    score: r.score === null ? null : Number(r.score),
    class: cls,
    className: cls ? VILLAGE_CLASS_NAMES[cls].zh : '未分类',
    unclassed: r.unclassed,
    entered: r.entered,
    parts: (r.parts as { key: string; weight: number; value: number | null; points: number | null }[]).map((p) => ({
      ...p,
      name: KPI_BY_KEY.get(p.key)?.zh ?? p.key,
    })),
    final: r.final,
    computedAt: r.computed_at.toISOString(),
    pairedDepartments: r.pairings ?? [],
  };
}

export async function villageClassRoutes(app: App, deps: AppDeps): Promise<void> {
  const kpis = new KpiRepository(deps.db);
  const classes = new VillageClassRepository(deps.db);

  app.get(
    '/api/analytics/village-class-settings',
    { schema: { response: { 200: VillageClassSettingsView, ...errors('FORBIDDEN') } } },
    async (request) => {
      const user = requireUser(request);
      assertCanReadScope(user, user.jurisdictionCode);
      const { settings, isDefault } = await villageClassSettings(deps.db, countyOf(user.jurisdictionCode));
      return {
        countyCode: countyOf(user.jurisdictionCode),
        settings,
        isDefault,
        defaults: DEFAULT_VILLAGE_CLASS_SETTINGS,
        classes: VILLAGE_CLASS_NAMES,
      };
    },
  );

  app.put(
    '/api/analytics/village-class-settings',
    {
      schema: {
        body: SettingsBody,
        response: { 200: VillageClassSettingsSaved, ...errors('FORBIDDEN', 'VILLAGE_CLASS_SETTINGS_INVALID') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      assertCanSteerVillageClasses(user);
      const settings = await saveVillageClassSettings(
        deps.db,
        countyOf(user.jurisdictionCode),
        request.body,
        user.id,
        deps.now(),
      );
      return { countyCode: countyOf(user.jurisdictionCode), settings, isDefault: false };
    },
  );

  app.post(
    '/api/analytics/village-classes/compute',
    {
      schema: {
        body: ComputeBody,
        response: { 200: VillageClassesComputed, ...errors(...SCOPE_ERRORS, 'PERIOD_INVALID') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      assertCanComputeVillageClasses(user);
      const { body } = request;
      const code = body.scope ?? user.jurisdictionCode;
      assertCanReadScope(user, code);
      const scope = await resolveScope(kpis, code);
      if (scope.level !== 'county' && scope.level !== 'town')
        fail('VALIDATION_FAILED', 'classes are computed for a county or a town');
      if (body.month > chinaDateOf(deps.now()).slice(0, 7)) fail('PERIOD_INVALID', 'that month has not begun');
      return computeVillageClasses(deps.db, { scope, month: body.month, now: deps.now() });
    },
  );

  app.get(
    '/api/analytics/village-classes',
    {
      schema: {
        querystring: ClassesQuery,
        response: {
          200: VillageClassesAnswer,
          ...errors(...SCOPE_ERRORS, 'PERIOD_INVALID', 'VILLAGE_CLASS_NOT_COMPUTED'),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { query } = request;
      const code = query.scope ?? user.jurisdictionCode;
      assertCanReadScope(user, code);
      const scope = await resolveScope(kpis, code);
      const month = query.month ?? chinaDateOf(deps.now()).slice(0, 7);
      const all = await classes.month(scope, month);
      if (!all.length)
        fail('VILLAGE_CLASS_NOT_COMPUTED', `village classes for ${month} have not been computed for ${scope.name}`);
      const summary = Object.fromEntries([...VILLAGE_CLASSES, 'unclassed'].map((c) => [c, 0])) as Record<
        VillageClass | 'unclassed',
        number
      >;
      for (const r of all) summary[(r.class ?? 'unclassed') as VillageClass | 'unclassed'] += 1;
      const rows = query.class ? all.filter((r) => r.class === query.class) : all;
      return { scope, month, final: all.every((r) => r.final), summary, rows: rows.map(presentRow) };
    },
  );

  app.get(
    '/api/analytics/village-classes/:code/history',
    { schema: { params: VillageParams, response: { 200: VillageClassHistory, ...errors(...SCOPE_ERRORS) } } },
    async (request) => {
      const user = requireUser(request);
      const { code } = request.params;
      assertCanReadScope(user, code);
      const village = await resolveScope(kpis, code);
      if (village.level !== 'village') fail('JURISDICTION_CODE_INVALID', 'history is kept per village');
      return { village, rows: (await classes.history(code, 36)).map(presentRow) };
    },
  );

  app.get(
    '/api/analytics/village-pairings',
    { schema: { querystring: ScopeQuery, response: { 200: VillagePairingsAnswer, ...errors(...SCOPE_ERRORS) } } },
    async (request) => {
      const user = requireUser(request);
      const code = request.query.scope ?? user.jurisdictionCode;
      assertCanReadScope(user, code);
      const scope = await resolveScope(kpis, code);
      const rows = await classes.pairings(scope);
      return {
        scope,
        rows: rows.map((r) => ({
          villageCode: r.village_code,
          villageName: r.village_name,
          departmentId: r.department_id,
          departmentName: r.department_name,
          note: r.note,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },
  );

  app.put(
    '/api/analytics/village-pairings/:code',
    {
      schema: {
        params: VillageParams,
        body: PairingBody,
        response: { 200: VillagePairingSaved, ...errors(...SCOPE_ERRORS, 'DEPARTMENT_NOT_FOUND') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      assertCanSteerVillageClasses(user);
      const { code } = request.params;
      const { body } = request;
      if (!isWithin(code, user.jurisdictionCode)) fail('OUT_OF_SCOPE', `village ${code} is outside your county`);
      const village = await resolveScope(kpis, code);
      if (village.level !== 'village') fail('JURISDICTION_CODE_INVALID', 'departments are paired with villages');
      const departments = await kpis.departmentsUnder({ code: countyOf(user.jurisdictionCode), level: 'county' });
      const known = new Set(departments.map((d) => d.id));
      const unknown = body.departmentIds.filter((id) => !known.has(id));
      if (unknown.length)
        fail('DEPARTMENT_NOT_FOUND', `no department ${unknown.join(', ')} in this county`, { departmentIds: unknown });
      await classes.replacePairings(code, body.departmentIds, body.note ?? null, user.id, deps.now());
      const rows = (await classes.pairings(village)).filter((r) => r.village_code === code);
      return {
        village,
        rows: rows.map((r) => ({ departmentId: r.department_id, departmentName: r.department_name, note: r.note })),
      };
    },
  );
}
