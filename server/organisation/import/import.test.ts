/**
 * The organisation import against a real database (PGlite, or PostgreSQL when TEST_DATABASE_URL
 * is set, in a schema of its own), through the service and through HTTP on a bare Fastify app
 * carrying only the error handler, cookies, multipart, authentication and the import routes.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { openDatabase, type Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { seedReferenceData } from '../../db/reference-data.js';
import { loadConfig } from '../../config.js';
import { TEST_ENV } from '../../testing/test-context.js';
import { MemoryStorage } from '../../storage/attachment-storage.js';
import { DatabaseGridIndex } from '../../geo/grid-index.js';
import { DatabaseClockSettings, calendarFor } from '../../deadlines/clock-settings.js';
import { registerErrorHandler } from '../../http/error-handler.js';
import { registerAuthentication } from '../../auth/auth.hook.js';
import { authRoutes } from '../../auth/auth.routes.js';
import { hashPassword, verifyPassword } from '../../auth/password.js';
import type { AppDeps } from '../../app-deps.js';
import type { CurrentUser } from '../../../core/access/current-user.js';
import { DomainError } from '../../../core/errors.js';
import { importRoutes, XLSX_MIME } from './import.routes.js';
import { importBindings, importJurisdictions, importPeople } from './import.service.js';
import type { ImportReport } from './import-report.js';
import { readTable } from './table-import.js';
import { featuresOf } from './jurisdiction-import.js';
import { rect, square, type Polygon } from './test-geometry.js';
import { multipart as multipartBody } from '../../testing/multipart.js';

const url = process.env.TEST_DATABASE_URL || undefined;
const schema = url ? `imp_${randomBytes(6).toString('hex')}` : undefined;

const COUNTY = '420102000000';
const TOWN_A = '420102001000';
const VILLAGE_A1 = '420102001001';
const GRID_A1_1 = '420102001001001';
const TOWN_B = '420102002000';
const VILLAGE_B1 = '420102002001';
const GRID_B1_1 = '420102002001001';

let database: Database;
let deps: AppDeps;
let app: FastifyInstance;
const users: Record<'county' | 'townA' | 'gridWorker', CurrentUser> = {} as never;
const tokens: Record<string, string> = {};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function feature(code: string, name: string, geometry: Polygon | null, extra: Record<string, unknown> = {}) {
  return { type: 'Feature', properties: { code, name, ...extra }, geometry };
}

function collection(...features: unknown[]) {
  return { type: 'FeatureCollection', features };
}

function csv(lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function expectImportErrors(promise: Promise<unknown>): Promise<ImportReport> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('IMPORT_HAS_ERRORS');
    return (error as DomainError).details as ImportReport;
  }
  throw new Error('expected IMPORT_HAS_ERRORS');
}

async function counts() {
  const db = database.db;
  const n = async (table: 'jurisdictions' | 'people' | 'responsibility_bindings') =>
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    jurisdictions: await n('jurisdictions'),
    people: await n('people'),
    bindings: await n('responsibility_bindings'),
  };
}

async function geoVersion() {
  return (await database.db.selectFrom('geo_version').select('version').executeTakeFirstOrThrow()).version;
}

const table = (bytes: Buffer) => readTable(bytes);

async function insertJurisdiction(
  code: string,
  parent: string | null,
  level: 'county' | 'town' | 'village' | 'grid',
  kind: string,
  name: string,
  boundary?: Polygon,
) {
  await database.db
    .insertInto('jurisdictions')
    .values({ code, parent_code: parent, level, kind, name, boundary: boundary ? JSON.stringify(boundary) : null })
    .execute();
}

async function insertPerson(
  username: string,
  role: string,
  jurisdictionCode: string,
  name: string,
  password = 'secret123',
  phone: string | null = null,
) {
  const row = await database.db
    .insertInto('people')
    .values({
      name,
      role,
      jurisdiction_code: jurisdictionCode,
      username,
      password_hash: await hashPassword(password),
      phone,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function login(username: string, password = 'secret123'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token;
}

async function auth(who: 'county' | 'townA' | 'gridWorker') {
  const username = { county: 'county_admin', townA: 'town_a_admin', gridWorker: 'gw_a' }[who];
  tokens[who] ??= await login(username);
  return { authorization: `Bearer ${tokens[who]}` };
}

function user(
  id: number,
  role: CurrentUser['role'],
  code: string,
  level: CurrentUser['jurisdictionLevel'],
): CurrentUser {
  return {
    id,
    name: role,
    role,
    jurisdictionCode: code,
    jurisdictionLevel: level,
    jurisdictionName: code,
    departmentId: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  database = await openDatabase({ url, dataDir: 'memory://', schema });
  await migrate(database.db);
  await seedReferenceData(database.db);
  await insertJurisdiction(COUNTY, null, 'county', 'county', '测试区', square(114, 30, 1));
  await insertJurisdiction(TOWN_A, COUNTY, 'town', 'town', '甲镇', rect(114, 30, 0.5, 1));
  await insertJurisdiction(VILLAGE_A1, TOWN_A, 'village', 'village', '甲一村', rect(114, 30, 0.5, 0.1));
  await insertJurisdiction(GRID_A1_1, VILLAGE_A1, 'grid', 'comprehensive', '甲一村第一网格', rect(114, 30, 0.01, 0.01));
  await insertJurisdiction(TOWN_B, COUNTY, 'town', 'subdistrict', '乙街道', rect(114.5, 30, 0.5, 1));
  await insertJurisdiction(VILLAGE_B1, TOWN_B, 'village', 'community', '乙一社区', rect(114.5, 30, 0.5, 0.1));
  await insertJurisdiction(
    GRID_B1_1,
    VILLAGE_B1,
    'grid',
    'comprehensive',
    '乙一社区第一网格',
    rect(114.5, 30, 0.01, 0.01),
  );
  await database.db
    .insertInto('departments')
    .values({ code: 'fire', name: '消防救援大队', jurisdiction_code: COUNTY })
    .execute();
  await database.db
    .insertInto('departments')
    .values({ code: 'b_office', name: '乙街道综治办', jurisdiction_code: TOWN_B })
    .execute();

  users.county = user(
    await insertPerson('county_admin', 'county_operator', COUNTY, '县值班员'),
    'county_operator',
    COUNTY,
    'county',
  );
  users.townA = user(
    await insertPerson('town_a_admin', 'town_operator', TOWN_A, '甲镇值班员'),
    'town_operator',
    TOWN_A,
    'town',
  );
  users.gridWorker = user(
    await insertPerson('gw_a', 'grid_worker', GRID_A1_1, '甲网格员'),
    'grid_worker',
    GRID_A1_1,
    'grid',
  );
  await insertPerson('b_secretary', 'village_secretary', VILLAGE_B1, '乙书记', 'secret123', '13700000009');

  deps = {
    config: loadConfig({ ...TEST_ENV } as NodeJS.ProcessEnv),
    db: database.db,
    dbKind: database.kind,
    now: () => new Date(),
    storage: new MemoryStorage(),
    gridIndex: new DatabaseGridIndex(database.db),
    clocks: new DatabaseClockSettings(database.db, calendarFor(database.db)),
  };
  app = Fastify({ logger: false });
  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 20, fields: 20, parts: 40 } });
  registerAuthentication(app, deps);
  await app.register(async (scope) => authRoutes(scope, deps));
  await app.register(async (scope) => importRoutes(scope, deps));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  if (url && schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
});

// ---------------------------------------------------------------------------------------------
// Jurisdictions
// ---------------------------------------------------------------------------------------------

const TOWN_C = '420102003000';
const V_C1 = '420102003001';
const V_C2 = '420102003002';

/** A town with two villages of two grids each; listed children first to show the file order does not matter. */
function townC(names: Record<string, string> = {}) {
  return collection(
    feature(`${V_C1}001`, names[`${V_C1}001`] ?? '丙一村一网格', rect(114.2, 31, 0.05, 0.1), { households: 18 }),
    feature(`${V_C1}002`, '丙一村二网格', rect(114.25, 31, 0.05, 0.1), { kind: 'dedicated' }),
    feature(`${V_C2}001`, '丙二村一网格', rect(114.3, 31, 0.05, 0.1)),
    feature(`${V_C2}002`, '丙二村二网格', rect(114.35, 31, 0.05, 0.1), { kind: '综合网格' }),
    feature(V_C1, names[V_C1] ?? '丙一村', rect(114.2, 31, 0.1, 0.1)),
    feature(V_C2, '丙二社区', rect(114.3, 31, 0.1, 0.1), { kind: 'community' }),
    feature(TOWN_C, '丙镇', rect(114.2, 31, 0.2, 0.1), { kind: 'town', parentCode: COUNTY }),
  );
}

describe('importing jurisdictions from GeoJSON', () => {
  it('imports a town, two villages and four grids, and the grid index finds the new grids', async () => {
    const version = await geoVersion();
    const report = await importJurisdictions(deps, users.county, featuresOf(townC()));
    expect(report).toEqual({
      ok: true,
      dryRun: false,
      counts: { rows: 7, inserted: 7, updated: 0, skipped: 0 },
      errors: [],
    });
    const rows = await database.db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', 'like', '420102003%')
      .orderBy('code')
      .execute();
    expect(rows.map((r) => [r.code, r.parent_code, r.level, r.kind])).toEqual([
      [TOWN_C, COUNTY, 'town', 'town'],
      [V_C1, TOWN_C, 'village', 'village'],
      [`${V_C1}001`, V_C1, 'grid', 'comprehensive'],
      [`${V_C1}002`, V_C1, 'grid', 'dedicated'],
      [V_C2, TOWN_C, 'village', 'community'],
      [`${V_C2}001`, V_C2, 'grid', 'comprehensive'],
      [`${V_C2}002`, V_C2, 'grid', 'comprehensive'],
    ]);
    const grid = rows.find((r) => r.code === `${V_C1}001`)!;
    expect(grid.households).toBe(18);
    expect(grid.centroid_lng).toBeCloseTo(114.225, 9);
    expect(grid.centroid_lat).toBeCloseTo(31.05, 9);
    expect(grid.boundary).toEqual(rect(114.2, 31, 0.05, 0.1));
    expect(await geoVersion()).toBe(version + 1);
    expect(await deps.gridIndex.locate(114.26, 31.05)).toEqual({ code: `${V_C1}002`, level: 'grid' });
  });

  it('updates on re-import: names and boundaries change, a kind or household count the file omits is kept', async () => {
    const report = await importJurisdictions(deps, users.county, featuresOf(townC({ [V_C1]: '丙一村（新名）' })));
    expect(report.counts).toEqual({ rows: 7, inserted: 0, updated: 7, skipped: 0 });
    const file = collection(
      feature(`${V_C1}001`, '改名网格', rect(114.2, 31, 0.05, 0.05)),
      feature(`${V_C1}002`, '丙一村二网格', rect(114.25, 31, 0.05, 0.1)),
    );
    expect((await importJurisdictions(deps, users.county, featuresOf(file))).counts.updated).toBe(2);
    const rows = await database.db
      .selectFrom('jurisdictions')
      .selectAll()
      .where('code', 'in', [V_C1, `${V_C1}001`, `${V_C1}002`])
      .orderBy('code')
      .execute();
    expect(rows[0].name).toBe('丙一村（新名）');
    expect(rows[1]).toMatchObject({ name: '改名网格', households: 18 });
    expect(rows[1].centroid_lat).toBeCloseTo(31.025, 9);
    expect(rows[2].kind).toBe('dedicated');
  });

  it('writes nothing when one feature among good ones is bad, and reports that feature', async () => {
    const before = await counts();
    const version = await geoVersion();
    const file = collection(
      feature('420102004000', '丁镇', rect(114.2, 31.2, 0.2, 0.1)),
      feature('420102004001', '丁一村', rect(114.2, 31.2, 0.1, 0.1)),
      feature('420102004001001', '坏网格', {
        type: 'Polygon',
        coordinates: [
          [
            [114.2, 31.2],
            [114.3, 31.2],
            [114.3, 31.3],
          ],
        ],
      } as never),
      feature('420102004001002', '好网格', rect(114.25, 31.2, 0.05, 0.1)),
    );
    const report = await expectImportErrors(importJurisdictions(deps, users.county, featuresOf(file)));
    expect(report).toMatchObject({ ok: false, dryRun: false, counts: { rows: 4, inserted: 0, updated: 0 } });
    expect(report.errors).toEqual([
      {
        row: 3,
        code: '420102004001001',
        field: 'geometry',
        message: 'invalid geometry: ring has fewer than 4 positions',
      },
    ]);
    expect(await counts()).toEqual(before);
    expect(await geoVersion()).toBe(version);
  });

  it('rejects codes outside the importer’s jurisdiction: a town operator cannot touch another town or add a town', async () => {
    const before = await counts();
    const file = collection(
      feature('420102001002', '甲二村', rect(114.1, 30.1, 0.1, 0.1)),
      feature('420102002002', '乙二社区', rect(114.6, 30.1, 0.1, 0.1)),
      feature('420102009000', '新镇', rect(114.6, 30.1, 0.1, 0.1)),
    );
    const report = await expectImportErrors(importJurisdictions(deps, users.townA, featuresOf(file)));
    expect(report.errors.map((e) => [e.row, e.code, e.field])).toEqual([
      [2, '420102002002', 'code'],
      [3, '420102009000', 'code'],
    ]);
    expect(report.errors[0].message).toMatch(/outside your jurisdiction 420102001000/);
    expect(await counts()).toEqual(before);
  });

  it('rejects a new grid drawn over an existing grid of the same village', async () => {
    const file = collection(
      feature('420102001001002', '重叠网格', rect(114.002, 30.002, 0.006, 0.006)),
      feature('420102001001003', '邻接网格', rect(114.01, 30, 0.01, 0.01)),
    );
    const report = await expectImportErrors(importJurisdictions(deps, users.townA, featuresOf(file)));
    expect(report.errors).toEqual([
      { row: 1, code: '420102001001002', field: 'geometry', message: expect.stringContaining(GRID_A1_1) },
    ]);
  });

  it('checks without writing on a dry run, errors or not', async () => {
    const before = await counts();
    const version = await geoVersion();
    const good = collection(
      feature('420102001002', '甲二村', rect(114.1, 30.1, 0.1, 0.1)),
      feature('420102001002001', '甲二村一网格', rect(114.1, 30.1, 0.05, 0.1)),
    );
    const report = await importJurisdictions(deps, users.townA, featuresOf(good), { dryRun: true });
    expect(report).toEqual({
      ok: true,
      dryRun: true,
      counts: { rows: 2, inserted: 2, updated: 0, skipped: 0 },
      errors: [],
    });
    const bad = collection(feature('420102001002', '', null));
    const badReport = await importJurisdictions(deps, users.townA, featuresOf(bad), { dryRun: true });
    expect(badReport).toMatchObject({ ok: false, dryRun: true, errors: [{ row: 1, field: 'name' }] });
    expect(await counts()).toEqual(before);
    expect(await geoVersion()).toBe(version);
  });
});

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

describe('importing people from CSV and XLSX', () => {
  it('imports a CSV with Chinese headers and Chinese role names, creating logins', async () => {
    const file = csv([
      '\uFEFF姓名,手机号,角色,辖区代码,部门代码,用户名,初始密码,备注',
      `张网格,13800000001,网格员,${GRID_A1_1},,zhang_wg,pass-1234-yw,`,
      `李书记,138 0000 0002,村党组织书记,${VILLAGE_A1},,,,村支书`,
      `王消防,13800000003,部门工作人员,${COUNTY},fire,wang.fire,pass-5678-yw,`,
      `赵包村,,包村领导,${TOWN_A},,,,`,
    ]);
    const report = await importPeople(deps, users.county, await table(file));
    expect(report).toEqual({
      ok: true,
      dryRun: false,
      counts: { rows: 4, inserted: 4, updated: 0, skipped: 0 },
      errors: [],
    });
    const rows = await database.db
      .selectFrom('people')
      .selectAll()
      .where('name', 'in', ['张网格', '李书记', '王消防', '赵包村'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.name, r.phone, r.role, r.jurisdiction_code, r.username])).toEqual([
      ['张网格', '13800000001', 'grid_worker', GRID_A1_1, 'zhang_wg'],
      ['李书记', '13800000002', 'village_secretary', VILLAGE_A1, null],
      ['王消防', '13800000003', 'department_staff', COUNTY, 'wang.fire'],
      ['赵包村', null, 'village_leader', TOWN_A, null],
    ]);
    expect(rows[2].department_id).not.toBeNull();
    expect(await verifyPassword('pass-1234-yw', rows[0].password_hash)).toBe(true);
    expect(rows[1].password_hash).toBeNull();
  });

  it('imports an XLSX workbook with numbers in the phone and code cells', async () => {
    const file = await xlsx([
      ['name', 'phone', 'role', 'jurisdiction_code', 'username', 'password'],
      ['孙网格长', 13800000004, 'grid_head', Number(GRID_A1_1), 'sun_head', 'pass-0004-yw'],
      ['周调解', 13800000005, '调解员', VILLAGE_A1, '', ''],
    ]);
    const report = await importPeople(deps, users.townA, await table(file));
    expect(report.counts).toEqual({ rows: 2, inserted: 2, updated: 0, skipped: 0 });
    const sun = await database.db
      .selectFrom('people')
      .selectAll()
      .where('username', '=', 'sun_head')
      .executeTakeFirstOrThrow();
    expect(sun).toMatchObject({ phone: '13800000004', jurisdiction_code: GRID_A1_1, role: 'grid_head' });
  });

  it('reports a bad phone, an unknown role, a wrong level for the role and a duplicate username by row, writing nothing', async () => {
    const before = await counts();
    const file = csv([
      '姓名,手机号,角色,辖区代码,用户名,初始密码',
      `甲,13800000011,网格员,${GRID_A1_1},new_one,pass-0011-yw`, // 2: fine
      `乙,23800000012,网格员,${GRID_A1_1},,`, // 3: bad phone
      `丙,13800000013,队长,${GRID_A1_1},,`, // 4: unknown role
      `丁,13800000014,村党组织书记,${GRID_A1_1},,`, // 5: a secretary belongs to a village
      `戊,13800000015,网格员,${GRID_A1_1},new_one,pass-0015-yw`, // 6: duplicate username in the file
      `己,13800000016,网格员,${GRID_A1_1},county_admin,pass-0016-yw`, // 7: taken by someone outside town A
      `庚,13800000017,网格员,420102001009001,,`, // 8: no such grid
      `辛,13800000018,网格员,${GRID_B1_1},,`, // 9: outside town A
      `壬,13800000019,部门工作人员,${TOWN_A},b_office,,`, // 10: department of another town
    ]);
    const report = await expectImportErrors(importPeople(deps, users.townA, await table(file)));
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'phone'],
      [4, 'role'],
      [5, 'jurisdiction_code'],
      [6, 'username'],
      [7, 'username'],
      [8, 'jurisdiction_code'],
      [9, 'jurisdiction_code'],
      [10, 'department_code'],
    ]);
    expect(report.errors.find((e) => e.row === 6)!.message).toMatch(/already used on row 2/);
    expect(await counts()).toEqual(before);
  });

  it('updates by username and by name, phone and jurisdiction, and gives a login to a person who had none', async () => {
    const file = csv([
      'name,phone,role,jurisdiction_code,username,password',
      `张网格,13800000001,grid_head,${GRID_A1_1},zhang_wg,`, // by username: role changes, password kept
      `李书记,13800000002,village_secretary,${VILLAGE_A1},li_sec,pass-li-01-yw`, // by key: gets a login
      `赵包村,,包村工作队队员,${TOWN_A},,`, // by key (no phone)
    ]);
    const report = await importPeople(deps, users.county, await table(file));
    expect(report.counts).toEqual({ rows: 3, inserted: 0, updated: 3, skipped: 0 });
    const rows = await database.db
      .selectFrom('people')
      .selectAll()
      .where('name', 'in', ['张网格', '李书记', '赵包村'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.role, r.username])).toEqual([
      ['grid_head', 'zhang_wg'],
      ['village_secretary', 'li_sec'],
      ['village_team_member', null],
    ]);
    expect(await verifyPassword('pass-1234-yw', rows[0].password_hash)).toBe(true);
    expect(await verifyPassword('pass-li-01-yw', rows[1].password_hash)).toBe(true);
  });

  it('requires a password for a new login and refuses to change the importer’s own account', async () => {
    const file = csv([
      '姓名,角色,辖区代码,用户名',
      `新人,网格员,${GRID_A1_1},newbie`,
      `甲镇值班员,镇综治中心,${TOWN_A},town_a_admin`,
    ]);
    const report = await expectImportErrors(importPeople(deps, users.townA, await table(file)));
    expect(report.errors.map((e) => [e.row, e.field ?? null])).toEqual([
      [2, 'password'],
      [3, null],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Bindings
// ---------------------------------------------------------------------------------------------

describe('importing responsibility bindings', () => {
  it('binds by username and by phone, and skips bindings that exist or repeat', async () => {
    const file = csv([
      '辖区代码,职责,用户名,手机号,姓名',
      `${GRID_A1_1},网格员,zhang_wg,,`,
      `${GRID_A1_1},grid_head,sun_head,,`,
      `${VILLAGE_A1},村党组织书记,,13800000002,`,
      `${VILLAGE_A1},包村领导,,,赵包村`, // neither username nor phone: an error on its own
    ]);
    const failed = await expectImportErrors(importBindings(deps, users.townA, await table(file)));
    expect(failed.errors).toEqual([{ row: 5, message: expect.stringMatching(/username|phone/) }]);

    const good = csv([
      '辖区代码,职责,用户名,手机号,姓名',
      `${GRID_A1_1},网格员,zhang_wg,,`,
      `${GRID_A1_1},grid_head,sun_head,,`,
      `${VILLAGE_A1},村党组织书记,,13800000002,李书记`,
      `${GRID_A1_1},网格员,zhang_wg,,`,
    ]);
    const report = await importBindings(deps, users.townA, await table(good));
    expect(report.counts).toEqual({ rows: 4, inserted: 3, updated: 0, skipped: 1 });
    const again = await importBindings(deps, users.townA, await table(good));
    expect(again.counts).toEqual({ rows: 4, inserted: 0, updated: 0, skipped: 4 });
    const bindings = await database.db
      .selectFrom('responsibility_bindings as b')
      .innerJoin('people as p', 'p.id', 'b.person_id')
      .select(['b.jurisdiction_code', 'b.duty', 'p.name'])
      .orderBy('b.id')
      .execute();
    expect(bindings).toEqual([
      { jurisdiction_code: GRID_A1_1, duty: 'grid_worker', name: '张网格' },
      { jurisdiction_code: GRID_A1_1, duty: 'grid_head', name: '孙网格长' },
      { jurisdiction_code: VILLAGE_A1, duty: 'party_secretary', name: '李书记' },
    ]);
  });

  it('reports a duty at the wrong level, an unknown person, another town’s person and jurisdiction', async () => {
    const before = await counts();
    const file = csv([
      'jurisdiction_code,duty,username,phone',
      `${VILLAGE_A1},grid_worker,zhang_wg,`, // 2: a grid duty on a village
      `${GRID_A1_1},grid_worker,nobody,`, // 3
      `${VILLAGE_A1},community_police,b_secretary,`, // 4: a person of town B
      `${VILLAGE_B1},party_secretary,,13700000009`, // 5: town B's village
      `${GRID_A1_1},boss,zhang_wg,`, // 6: unknown duty
    ]);
    const report = await expectImportErrors(importBindings(deps, users.townA, await table(file)));
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'duty'],
      [3, 'username'],
      [4, 'username'],
      [5, 'jurisdiction_code'],
      [6, 'duty'],
    ]);
    expect(await counts()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

describe('HTTP', () => {
  it('imports GeoJSON sent as JSON and as a multipart file', async () => {
    const file = collection(feature('420102001003', '甲三村', rect(114.2, 30.2, 0.1, 0.1)));
    const res = await app.inject({
      method: 'POST',
      url: '/api/import/jurisdictions',
      headers: await auth('townA'),
      payload: file,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      ok: true,
      dryRun: false,
      counts: { rows: 1, inserted: 1, updated: 0, skipped: 0 },
      errors: [],
    });

    const upload = multipartBody(
      Buffer.from(
        JSON.stringify(collection(feature('420102001003001', '甲三村一网格', rect(114.2, 30.2, 0.05, 0.05)))),
      ),
      'grids.geojson',
      'application/geo+json',
    );
    const res2 = await app.inject({
      method: 'POST',
      url: '/api/import/jurisdictions',
      headers: { ...(await auth('townA')), ...upload.headers },
      payload: upload.payload,
    });
    expect(res2.statusCode, res2.body).toBe(200);
    expect(res2.json().counts.inserted).toBe(1);
  });

  it('answers 422 IMPORT_HAS_ERRORS with the report, and 200 for the same file on a dry run', async () => {
    const file = csv([
      '姓名,手机号,角色,辖区代码',
      `好人,13800000031,网格员,${GRID_A1_1}`,
      `坏人,123,网格员,${GRID_A1_1}`,
    ]);
    const before = await counts();
    const upload = multipartBody(file, 'people.csv', 'text/csv');
    const res = await app.inject({
      method: 'POST',
      url: '/api/import/people',
      headers: { ...(await auth('county')), ...upload.headers },
      payload: upload.payload,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'IMPORT_HAS_ERRORS',
      details: { ok: false, dryRun: false, counts: { rows: 2, inserted: 0 }, errors: [{ row: 3, field: 'phone' }] },
    });
    const dry = await app.inject({
      method: 'POST',
      url: '/api/import/people?dryRun=true',
      headers: { ...(await auth('county')), 'content-type': 'text/csv; charset=utf-8' },
      payload: file,
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      ok: false,
      dryRun: true,
      counts: { rows: 2, inserted: 1 },
      errors: [{ row: 3 }],
    });
    expect(await counts()).toEqual(before);
  });

  it('takes a raw CSV body, a raw XLSX body, and a bindings file; a dry run writes nothing', async () => {
    const people = csv([
      'name,phone,role,jurisdiction_code,username,password',
      `吴网格员,13800000041,grid_worker,${GRID_A1_1},wu_gw,pass-0041-yw`,
    ]);
    const dry = await app.inject({
      method: 'POST',
      url: '/api/import/people?dryRun=true',
      headers: { ...(await auth('townA')), 'content-type': 'text/csv' },
      payload: people,
    });
    expect(dry.json()).toEqual({
      ok: true,
      dryRun: true,
      counts: { rows: 1, inserted: 1, updated: 0, skipped: 0 },
      errors: [],
    });
    expect(
      await database.db.selectFrom('people').select('id').where('username', '=', 'wu_gw').executeTakeFirst(),
    ).toBeUndefined();

    const res = await app.inject({
      method: 'POST',
      url: '/api/import/people',
      headers: { ...(await auth('townA')), 'content-type': 'text/csv' },
      payload: people,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await login('wu_gw', 'pass-0041-yw')).toBeTruthy();

    const bindings = await xlsx([
      ['辖区代码', '职责', '手机号', '姓名'],
      [GRID_A1_1, '网格员', 13800000041, '吴网格员'],
    ]);
    const res2 = await app.inject({
      method: 'POST',
      url: '/api/import/bindings',
      headers: { ...(await auth('townA')), 'content-type': XLSX_MIME },
      payload: bindings,
    });
    expect(res2.statusCode, res2.body).toBe(200);
    expect(res2.json().counts).toEqual({ rows: 1, inserted: 1, updated: 0, skipped: 0 });
  });

  it('gives a town operator 422 for another town, a grid worker 403, and no session 401', async () => {
    const file = collection(feature('420102002003', '乙三社区', rect(114.6, 30.3, 0.1, 0.1)));
    const other = await app.inject({
      method: 'POST',
      url: '/api/import/jurisdictions',
      headers: await auth('townA'),
      payload: file,
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.details.errors[0]).toMatchObject({ row: 1, code: '420102002003', field: 'code' });

    for (const path of ['jurisdictions', 'people', 'bindings']) {
      const forbidden = await app.inject({
        method: 'POST',
        url: `/api/import/${path}`,
        headers: await auth('gridWorker'),
        payload: file,
      });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('FORBIDDEN');
      const anonymous = await app.inject({ method: 'POST', url: `/api/import/${path}`, payload: file });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe('AUTH_REQUIRED');
    }
  });

  it('answers 4xx, never 500, to garbage, empty and mistyped uploads', async () => {
    const headers = await auth('county');
    const garbage = randomBytes(2048);
    garbage[0] = 0x00;
    const cases: {
      url: string;
      headers: Record<string, string>;
      payload?: Buffer | string | object;
      status: number;
      code: string;
    }[] = [
      {
        url: '/api/import/people',
        headers: { 'content-type': 'application/octet-stream' },
        payload: garbage,
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      {
        url: '/api/import/people',
        headers: { 'content-type': XLSX_MIME },
        payload: Buffer.concat([Buffer.from('PK\x03\x04'), garbage]),
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      {
        url: '/api/import/bindings',
        headers: { 'content-type': 'text/csv' },
        payload: Buffer.from([0xb9, 0xfe, 0xb0, 0xa1, 0x0a]),
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      {
        url: '/api/import/bindings',
        headers: { 'content-type': 'text/csv' },
        payload: 'a,b\n1,2\n',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        url: '/api/import/people',
        headers: { 'content-type': 'text/csv' },
        payload: '',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        url: '/api/import/people',
        headers: { 'content-type': 'application/json' },
        payload: { name: 'x' },
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      {
        url: '/api/import/people',
        headers: { 'content-type': 'text/plain' },
        payload: garbage,
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      {
        url: '/api/import/people',
        headers: { 'content-type': 'text/plain' },
        payload: Buffer.from([0x41, 0x2c, 0xb9, 0xfe, 0x0a]),
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      { url: '/api/import/people', headers: {}, status: 400, code: 'VALIDATION_FAILED' },
      {
        url: '/api/import/jurisdictions',
        headers: { 'content-type': 'application/json' },
        payload: '{"type":',
        status: 400,
        code: 'BAD_JSON',
      },
      {
        url: '/api/import/jurisdictions',
        headers: { 'content-type': 'application/json' },
        payload: { type: 'Polygon' },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        url: '/api/import/jurisdictions',
        headers: { 'content-type': 'application/octet-stream' },
        payload: garbage,
        status: 415,
        code: 'IMPORT_FORMAT_UNSUPPORTED',
      },
      {
        url: '/api/import/jurisdictions?dryRun=perhaps',
        headers: { 'content-type': 'application/json' },
        payload: { type: 'FeatureCollection', features: [] },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        url: '/api/import/jurisdictions',
        headers: { 'content-type': 'application/json' },
        payload: { type: 'FeatureCollection', features: [1, 'x', null, { type: 'Feature' }] },
        status: 422,
        code: 'IMPORT_HAS_ERRORS',
      },
    ];
    for (const c of cases) {
      const res = await app.inject({
        method: 'POST',
        url: c.url,
        headers: { ...headers, ...c.headers },
        payload: c.payload as never,
      });
      expect(res.statusCode, `${c.url} ${JSON.stringify(c.headers)}: ${res.body}`).toBe(c.status);
      expect(res.json().error.code).toBe(c.code);
    }
    const wrongField = multipartBody(Buffer.from('姓名,角色,辖区代码\n'), 'people.csv', 'text/csv', 'upload');
    const res = await app.inject({
      method: 'POST',
      url: '/api/import/people',
      headers: { ...headers, ...wrongField.headers },
      payload: wrongField.payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/"file"/);
  });

  it('caps the error list at 1,000 and says how many more there are', async () => {
    const lines = ['姓名,手机号,角色,辖区代码'];
    for (let i = 0; i < 1200; i++) lines.push(`人${i},999,网格员,${GRID_A1_1}`);
    const res = await app.inject({
      method: 'POST',
      url: '/api/import/people',
      headers: { ...(await auth('county')), 'content-type': 'text/csv' },
      payload: csv(lines),
    });
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details;
    expect(details.errors).toHaveLength(1000);
    expect(details.omittedErrors).toBe(200);
    expect(details.errors[999].row).toBe(1001);
    expect(res.json().error.message).toMatch(/1200 errors/);
  });
});
