/**
 * Reading the organisation: the jurisdiction tree, the people
 * and departments, who is bound where ("3+N", grid owners), and the event taxonomy (editable by
 * the county centre).
 */
import type { App } from '../http/contract.js';
import { errors } from '../http/contract.js';
import type { AppDeps } from '../app-deps.js';
import { requireUser } from '../auth/auth.hook.js';
import { auditRead } from '../audit/audit.plugin.js';
import { fail } from '../../core/errors.js';
import { canSeeJurisdiction } from '../../core/access/current-user.js';
import { assertDivisionCode, levelOfCode, subtreePrefix } from '../../core/organisation/division-code.js';
import { DUTY_NAMES_ZH, ROLE_NAMES_ZH, isDuty, isRole } from '../../core/access/roles.js';
import { OrganisationRepository } from './organisation.repository.js';
import { TaxonomyRepository } from './taxonomy.repository.js';
import {
  CategoryAnswer,
  CategoryBody,
  CategoryList,
  CategoryParams,
  CategoryPatch,
  CodeParams,
  DepartmentList,
  JurisdictionAnswer,
  JurisdictionRootAnswer,
  PeoplePage,
  PeopleQuery,
  PublicPlaceList,
  PublicPlacesQuery,
  type Category,
} from './organisation.schemas.js';

function presentCategory(c: {
  code: string;
  parent_code: string | null;
  event_type: string;
  name_zh: string;
  name_en: string;
  sort_order: number;
  active: boolean;
}): Category {
  return {
    code: c.code,
    parentCode: c.parent_code,
    eventType: c.event_type,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    sortOrder: c.sort_order,
    active: c.active,
  };
}

export async function organisationRoutes(app: App, deps: AppDeps): Promise<void> {
  const org = new OrganisationRepository(deps.db);

  app.get(
    '/api/jurisdictions/:code',
    {
      schema: {
        params: CodeParams,
        response: { 200: JurisdictionAnswer, ...errors('JURISDICTION_NOT_FOUND', 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { code } = request.params;
      if (!canSeeJurisdiction(user, code)) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${code} in your area`);
      const node = await org.findJurisdiction(code);
      if (!node) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${code}`);
      const [children, bindings] = await Promise.all([org.children(code), org.bindingsOf([code])]);
      if (bindings.some((b) => b.phone))
        await auditRead(request, {
          target: { type: 'jurisdictions', id: code },
          fields: ['name', 'phone'],
          count: bindings.length,
        });
      return {
        jurisdiction: {
          code: node.code,
          parentCode: node.parent_code,
          level: node.level,
          kind: node.kind,
          name: node.name,
          // the import stores a centroid whole (both or neither)
          centroid:
            node.centroid_lng === null || node.centroid_lat === null
              ? null
              : { lng: node.centroid_lng, lat: node.centroid_lat },
          households: node.households,
        },
        children: children.map((c) => ({
          code: c.code,
          level: c.level,
          kind: c.kind,
          name: c.name,
          households: c.households,
          childCount: Number(c.child_count ?? 0),
        })),
        responsible: bindings.map((b) => ({
          personId: b.person_id,
          name: b.name,
          role: b.role,
          roleName: isRole(b.role) ? ROLE_NAMES_ZH[b.role] : b.role,
          duty: b.duty,
          dutyName: isDuty(b.duty) ? DUTY_NAMES_ZH[b.duty] : b.duty,
          phone: b.phone,
        })),
      };
    },
  );

  app.get(
    '/api/jurisdictions',
    { schema: { response: { 200: JurisdictionRootAnswer, ...errors('FORBIDDEN') } } },
    async (request) => {
      const user = requireUser(request);
      if (user.role === 'citizen') fail('FORBIDDEN', 'citizens do not browse the organisation');
      const node = await org.findJurisdiction(user.jurisdictionCode);
      return {
        root: node ? { code: node.code, level: node.level, name: node.name } : null,
        children: (await org.children(user.jurisdictionCode)).map((c) => ({
          code: c.code,
          level: c.level,
          kind: c.kind,
          name: c.name,
          childCount: Number(c.child_count ?? 0),
        })),
      };
    },
  );

  app.get(
    '/api/people',
    {
      schema: {
        querystring: PeopleQuery,
        response: { 200: PeoplePage, ...errors('FORBIDDEN', 'OUT_OF_SCOPE', 'AUDIT_UNAVAILABLE') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (user.role === 'citizen') fail('FORBIDDEN', 'citizens do not browse the organisation');
      const query = request.query;
      const within = query.jurisdiction ?? user.jurisdictionCode;
      if (!canSeeJurisdiction(user, within)) fail('OUT_OF_SCOPE', `${within} is outside your jurisdiction`);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 50;
      const rows = await org.listPeople(
        subtreePrefix(within, levelOfCode(within)!),
        { role: query.role, q: query.q },
        (page - 1) * pageSize,
        pageSize,
      );
      if (rows.length)
        await auditRead(request, {
          target: { type: 'jurisdictions', id: within },
          fields: ['name', 'phone', 'username'],
          count: rows.length,
        });
      return {
        items: rows.map((p) => ({
          id: p.id,
          name: p.name,
          role: p.role,
          roleName: isRole(p.role) ? ROLE_NAMES_ZH[p.role] : p.role,
          phone: p.phone,
          jurisdictionCode: p.jurisdiction_code,
          jurisdictionName: p.jurisdiction_name,
          department: p.department_id ? { id: p.department_id, name: p.department_name } : null,
          username: p.username,
          active: p.active,
          mustChangePassword: p.must_change_password,
          lockedUntil:
            p.locked_until && new Date(p.locked_until) > deps.now() ? new Date(p.locked_until).toISOString() : null,
        })),
        page,
        pageSize,
      };
    },
  );

  app.get(
    '/api/departments',
    { schema: { response: { 200: DepartmentList, ...errors('FORBIDDEN') } } },
    async (request) => {
      const user = requireUser(request);
      if (user.role === 'citizen') fail('FORBIDDEN', 'citizens do not browse the organisation');
      const rows = await org.listDepartments(user.jurisdictionCode.slice(0, 6));
      return {
        items: rows.map((d) => ({ id: d.id, code: d.code, name: d.name, jurisdictionCode: d.jurisdiction_code })),
      };
    },
  );

  app.get('/api/categories', { schema: { response: { 200: CategoryList } } }, async (request) => {
    requireUser(request);
    return { items: (await org.categories()).map(presentCategory) };
  });
  app.get(
    '/api/public/categories',
    { config: { public: true }, schema: { response: { 200: CategoryList, ...errors('RATE_LIMITED') } } },
    async () => ({ items: (await org.categories()).filter((c) => c.active).map(presentCategory) }),
  );

  /**
   * 随手拍 without a GPS fix: the citizen names the place, one level per call — the counties, then a
   * county's towns, then a town's villages/communities. Grids and people are internal, so the list
   * stops at villages and says only code, name, level and whether there is a level below.
   */
  app.get(
    '/api/public/places',
    {
      config: { public: true },
      schema: {
        querystring: PublicPlacesQuery,
        response: {
          200: PublicPlaceList,
          ...errors('JURISDICTION_CODE_INVALID', 'JURISDICTION_NOT_FOUND', 'RATE_LIMITED'),
        },
      },
    },
    async (request) => {
      const { parent } = request.query;
      const present = (rows: Awaited<ReturnType<typeof org.publicPlaces>>) =>
        rows.map((r) => ({
          code: r.code,
          name: r.name,
          level: r.level,
          hasChildren: r.level !== 'village' && Boolean(r.has_children),
        }));
      if (parent === undefined) return { parent: null, items: present(await org.publicPlaces(null)) };
      const level = assertDivisionCode(parent);
      if (level !== 'county' && level !== 'town')
        fail('JURISDICTION_CODE_INVALID', `"${parent}" is a ${level} code: places are listed under a county or a town`);
      const node = await org.findJurisdiction(parent);
      if (!node) fail('JURISDICTION_NOT_FOUND', `no jurisdiction ${parent}`);
      return {
        parent: { code: node.code, name: node.name, level: node.level },
        items: present(await org.publicPlaces(parent)),
      };
    },
  );

  app.post(
    '/api/categories',
    {
      schema: {
        body: CategoryBody,
        response: { 201: CategoryAnswer, ...errors('FORBIDDEN', 'CATEGORY_EXISTS', 'CATEGORY_UNKNOWN') },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county centre edits the taxonomy');
      const body = request.body;
      if (await org.findCategory(body.code)) fail('CATEGORY_EXISTS', `category ${body.code} exists`);
      if (body.parentCode) {
        const parent = await org.findCategory(body.parentCode);
        if (!parent) fail('CATEGORY_UNKNOWN', `no parent category ${body.parentCode}`);
        if (parent.event_type !== body.eventType)
          fail('VALIDATION_FAILED', `an aspect must have its domain's type (${parent.event_type})`);
      }
      await new TaxonomyRepository(deps.db).insert({
        code: body.code,
        parent_code: body.parentCode ?? null,
        event_type: body.eventType,
        name_zh: body.nameZh,
        name_en: body.nameEn,
        sort_order: body.sortOrder ?? 1000,
      });
      reply.status(201);
      return { category: presentCategory((await org.findCategory(body.code))!) };
    },
  );

  app.patch(
    '/api/categories/:code',
    {
      schema: {
        params: CategoryParams,
        body: CategoryPatch,
        response: { 200: CategoryAnswer, ...errors('FORBIDDEN', 'CATEGORY_UNKNOWN') },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county centre edits the taxonomy');
      const { code } = request.params;
      const body = request.body;
      const fields = {
        ...(body.nameZh !== undefined ? { name_zh: body.nameZh } : {}),
        ...(body.nameEn !== undefined ? { name_en: body.nameEn } : {}),
        ...(body.sortOrder !== undefined ? { sort_order: body.sortOrder } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      };
      if (!Object.keys(fields).length) fail('VALIDATION_FAILED', 'nothing to change');
      const updated = await new TaxonomyRepository(deps.db).update(code, fields);
      if (!updated) fail('CATEGORY_UNKNOWN', `no category ${code}`);
      return { category: presentCategory((await org.findCategory(code))!) };
    },
  );
}
