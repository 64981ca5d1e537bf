/**
 * A small county for API tests, with known shapes: two towns; town A has villages 201 (two grids)
 * and 202 (one grid covering only its western half — the eastern half is a gap in grid coverage);
 * town B has village 201 (two grids) and land outside any village. Everyone's password is
 * `secret123`.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { hashPassword } from '../auth/password.js';
import { bumpGeoVersion } from '../geo/grid-index.js';
import type { Role } from '../../core/access/roles.js';

export const T = {
  county: '620999000000',
  townA: '620999100000',
  townB: '620999101000',
  villageA1: '620999100201',
  villageA2: '620999100202',
  villageB1: '620999101201',
  gridA1a: '620999100201001',
  gridA1b: '620999100201002',
  gridA2a: '620999100202001',
  gridB1a: '620999101201001',
  gridB1b: '620999101201002',
} as const;

/** Points inside known places. */
export const P = {
  inGridA1a: { lng: 105.05, lat: 35.025 },
  inGridA1b: { lng: 105.05, lat: 35.075 },
  inGridA2a: { lng: 105.125, lat: 35.05 },
  inVillageA2Gap: { lng: 105.175, lat: 35.05 },
  inGridB1a: { lng: 105.25, lat: 35.025 },
  inTownBOutsideVillages: { lng: 105.35, lat: 35.05 },
  outsideCounty: { lng: 110, lat: 30 },
} as const;

const box = (x0: number, y0: number, x1: number, y1: number) =>
  JSON.stringify({
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  });

export interface TestCounty {
  people: Record<string, number>;
  departments: Record<string, number>;
}

export async function buildTestCounty(db: Kysely<Schema>): Promise<TestCounty> {
  const j = (
    code: string,
    parent: string | null,
    level: 'county' | 'town' | 'village' | 'grid',
    kind: string,
    name: string,
    b: [number, number, number, number],
  ) => ({
    code,
    parent_code: parent,
    level,
    kind,
    name,
    boundary: box(...b),
    centroid_lng: (b[0] + b[2]) / 2,
    centroid_lat: (b[1] + b[3]) / 2,
  });
  await db
    .insertInto('jurisdictions')
    .values([
      j(T.county, null, 'county', 'county', '测试县', [105.0, 35.0, 105.4, 35.1]),
      j(T.townA, T.county, 'town', 'town', '甲镇', [105.0, 35.0, 105.2, 35.1]),
      j(T.townB, T.county, 'town', 'town', '乙镇', [105.2, 35.0, 105.4, 35.1]),
      j(T.villageA1, T.townA, 'village', 'village', '东村', [105.0, 35.0, 105.1, 35.1]),
      j(T.villageA2, T.townA, 'village', 'village', '西村', [105.1, 35.0, 105.2, 35.1]),
      j(T.villageB1, T.townB, 'village', 'community', '南社区', [105.2, 35.0, 105.3, 35.1]),
      j(T.gridA1a, T.villageA1, 'grid', 'comprehensive', '东村第一网格', [105.0, 35.0, 105.1, 35.05]),
      j(T.gridA1b, T.villageA1, 'grid', 'comprehensive', '东村第二网格', [105.0, 35.05, 105.1, 35.1]),
      j(T.gridA2a, T.villageA2, 'grid', 'comprehensive', '西村第一网格', [105.1, 35.0, 105.15, 35.1]),
      j(T.gridB1a, T.villageB1, 'grid', 'comprehensive', '南社区第一网格', [105.2, 35.0, 105.3, 35.05]),
      j(T.gridB1b, T.villageB1, 'grid', 'dedicated', '县医院专属网格', [105.2, 35.05, 105.3, 35.1]),
    ])
    .execute();
  await bumpGeoVersion(db);
  const depts = await db
    .insertInto('departments')
    .values([
      { code: 'yjj', name: '应急管理局', jurisdiction_code: T.county },
      { code: 'scjg', name: '市场监管局', jurisdiction_code: T.county },
    ])
    .returning(['id', 'code'])
    .execute();
  const departments = Object.fromEntries(depts.map((d) => [d.code, d.id]));
  const hash = await hashPassword('secret123');
  const spec: [username: string, name: string, role: string, code: string, dept?: string][] = [
    ['county_op', '县值班员', 'county_operator', T.county],
    ['leader', '县领导', 'leader', T.county],
    ['town_a_op', '甲镇值班员', 'town_operator', T.townA],
    ['town_b_op', '乙镇值班员', 'town_operator', T.townB],
    ['gw_a1', '网格员甲一', 'grid_worker', T.gridA1a],
    ['gw_a2', '网格员甲二', 'grid_worker', T.gridA1b],
    ['gh_a', '网格长甲', 'grid_head', T.villageA1],
    ['sec_a', '书记甲', 'village_secretary', T.villageA1],
    ['vl_a', '包村领导甲', 'village_leader', T.villageA1],
    ['police_a', '民警甲', 'community_police', T.villageA1],
    ['team_a', '工作队员甲', 'village_team_member', T.villageA1],
    ['sec_a2', '书记西村', 'village_secretary', T.villageA2],
    ['gw_b1', '网格员乙一', 'grid_worker', T.gridB1a],
    ['sec_b', '书记乙', 'village_secretary', T.villageB1],
    ['dept_yjj', '应急局干部', 'department_staff', T.county, 'yjj'],
    ['dept_scjg', '市场监管干部', 'department_staff', T.county, 'scjg'],
    ['citizen1', '群众甲', 'citizen', T.villageA1],
    ['citizen2', '群众乙', 'citizen', T.villageB1],
    ['mediator_a', '调解员甲', 'mediator', T.villageA1],
  ];
  const rows = await db
    .insertInto('people')
    .values(
      spec.map(([username, name, role, code, dept]) => ({
        username,
        name,
        role,
        jurisdiction_code: code,
        department_id: dept ? departments[dept] : null,
        password_hash: hash,
        phone: '13800000000',
      })),
    )
    .returning(['id', 'username'])
    .execute();
  const people = Object.fromEntries(rows.map((r) => [r.username!, r.id]));
  const bind: [string, string, string][] = [
    ['gw_a1', T.gridA1a, 'grid_worker'],
    ['gw_a2', T.gridA1b, 'grid_worker'],
    ['gh_a', T.gridA1a, 'grid_head'],
    ['gh_a', T.gridA1b, 'grid_head'],
    ['sec_a', T.villageA1, 'party_secretary'],
    ['vl_a', T.villageA1, 'leader_in_charge'],
    ['police_a', T.villageA1, 'community_police'],
    ['team_a', T.villageA1, 'team_member'],
    ['sec_a2', T.villageA2, 'party_secretary'],
    ['gw_b1', T.gridB1a, 'grid_worker'],
    ['sec_b', T.villageB1, 'party_secretary'],
  ];
  await db
    .insertInto('responsibility_bindings')
    .values(bind.map(([u, code, duty]) => ({ person_id: people[u], jurisdiction_code: code, duty })))
    .execute();
  return { people, departments };
}

/** The test county's user of each role (in town A, village A1, grid A1a where the role has a place). */
export const TEST_USER_OF_ROLE: Record<Role, string> = {
  citizen: 'citizen1',
  grid_worker: 'gw_a1',
  grid_head: 'gh_a',
  village_secretary: 'sec_a',
  village_leader: 'vl_a',
  village_team_member: 'team_a',
  community_police: 'police_a',
  department_staff: 'dept_yjj',
  town_operator: 'town_a_op',
  county_operator: 'county_op',
  leader: 'leader',
  mediator: 'mediator_a',
};
