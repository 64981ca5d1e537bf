/** SQL for the organisation tree, departments, people and responsibility bindings (reads). */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { subtreePrefix, type JurisdictionLevel } from '../../core/organisation/division-code.js';

type Db = Kysely<Schema>;

export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  findJurisdiction(code: string) {
    return this.db
      .selectFrom('jurisdictions')
      .select(['code', 'parent_code', 'level', 'kind', 'name', 'centroid_lng', 'centroid_lat', 'households'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  namesOf(codes: string[]) {
    if (!codes.length) return Promise.resolve([] as { code: string; name: string; level: string }[]);
    return this.db.selectFrom('jurisdictions').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
  }

  /** Children of a jurisdiction, with how many children each has in turn. */
  children(parentCode: string) {
    return this.db
      .selectFrom('jurisdictions as j')
      .select([
        'j.code',
        'j.parent_code',
        'j.level',
        'j.kind',
        'j.name',
        'j.centroid_lng',
        'j.centroid_lat',
        'j.households',
        (eb) =>
          eb
            .selectFrom('jurisdictions as c')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('c.parent_code', '=', 'j.code')
            .as('child_count'),
      ])
      .where('j.parent_code', '=', parentCode)
      .orderBy('j.code')
      .execute();
  }

  /**
   * 随手拍's place list, public: the counties (no parent) or the children of a county or town —
   * towns, villages/communities, never grids — with whether each has public children in turn.
   */
  publicPlaces(parentCode: string | null) {
    let q = this.db
      .selectFrom('jurisdictions as j')
      .select([
        'j.code',
        'j.name',
        'j.level',
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom('jurisdictions as c')
                .select('c.code')
                .whereRef('c.parent_code', '=', 'j.code')
                .where('c.level', 'in', ['town', 'village']),
            )
            .as('has_children'),
      ])
      .where('j.level', 'in', ['county', 'town', 'village']);
    q = parentCode === null ? q.where('j.level', '=', 'county') : q.where('j.parent_code', '=', parentCode);
    return q.orderBy('j.code').execute();
  }

  /** GeoJSON-ready rows under a jurisdiction at one level. */
  boundaries(within: { code: string; level: JurisdictionLevel }, level: JurisdictionLevel, limit: number) {
    return this.db
      .selectFrom('jurisdictions')
      .select(['code', 'parent_code', 'level', 'kind', 'name', 'boundary', 'households'])
      .where('level', '=', level)
      .where('code', 'like', `${subtreePrefix(within.code, within.level)}%`)
      .where('boundary', 'is not', null)
      .orderBy('code')
      .limit(limit)
      .execute();
  }

  /** People bound to any of these jurisdictions (active people only). */
  bindingsOf(codes: string[]) {
    if (!codes.length) return Promise.resolve([]);
    return this.db
      .selectFrom('responsibility_bindings as b')
      .innerJoin('people as p', 'p.id', 'b.person_id')
      .select(['b.jurisdiction_code', 'b.person_id', 'b.duty', 'p.name', 'p.role', 'p.phone'])
      .where('b.jurisdiction_code', 'in', codes)
      .where('p.active', '=', true)
      .orderBy('b.id')
      .execute();
  }

  /** The operators of command centres (镇/县综治中心), several at once (server/notify/recipients.ts). */
  centresOperators(centreCodes: string[]) {
    if (!centreCodes.length) return Promise.resolve([]);
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'phone', 'role', 'jurisdiction_code'])
      .where('jurisdiction_code', 'in', centreCodes)
      .where('role', 'in', ['town_operator', 'county_operator'])
      .where('active', '=', true)
      .execute();
  }

  departmentStaff(departmentIds: number[]) {
    if (!departmentIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'phone', 'role', 'department_id'])
      .where('department_id', 'in', departmentIds)
      .where('active', '=', true)
      .execute();
  }

  findPeople(ids: number[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'role', 'jurisdiction_code', 'department_id', 'active', 'phone'])
      .where('id', 'in', ids)
      .execute();
  }

  findDepartments(ids: number[]) {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('departments')
      .select(['id', 'code', 'name', 'jurisdiction_code'])
      .where('id', 'in', ids)
      .execute();
  }

  listDepartments(withinPrefix: string) {
    return this.db
      .selectFrom('departments')
      .select(['id', 'code', 'name', 'jurisdiction_code'])
      .where((eb) =>
        eb.or([
          eb('jurisdiction_code', 'like', `${withinPrefix}%`),
          eb(sql.val(withinPrefix), 'like', sql<string>`substr(jurisdiction_code, 1, 6) || '%'`),
        ]),
      )
      .orderBy('code')
      .execute();
  }

  listPeople(prefix: string, filters: { role?: string; q?: string }, offset: number, limit: number) {
    let q = this.db
      .selectFrom('people as p')
      .leftJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
      .leftJoin('departments as d', 'd.id', 'p.department_id')
      // the sign-in lockout is kept per lower-cased username (server/auth/login-lockout.repository.ts)
      .leftJoin('login_failures as lf', (join) => join.on(sql<boolean>`lf.username = lower(p.username)`))
      .select([
        'p.id',
        'p.name',
        'p.role',
        'p.phone',
        'p.jurisdiction_code',
        'j.name as jurisdiction_name',
        'p.department_id',
        'd.name as department_name',
        'p.username',
        'p.active',
        'p.must_change_password',
        'lf.locked_until',
      ])
      .where('p.jurisdiction_code', 'like', `${prefix}%`);
    if (filters.role) q = q.where('p.role', '=', filters.role);
    if (filters.q) q = q.where('p.name', 'like', `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return q.orderBy('p.id').offset(offset).limit(limit).execute();
  }

  categories() {
    return this.db.selectFrom('event_categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  }

  findCategory(code: string) {
    return this.db.selectFrom('event_categories').selectAll().where('code', '=', code).executeTakeFirst();
  }
}
