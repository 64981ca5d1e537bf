/** The import's pure parts: files, columns, row checks, overlaps and the report. No database. */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DomainError } from '../../../core/errors.js';
import type { Polygon } from './test-geometry.js';
import { square } from './test-geometry.js';
import { buildReport, MAX_REPORTED_ERRORS, type RowError } from './import-report.js';
import { cellText, mapColumns, readTable } from './table-import.js';
import {
  featuresOf,
  findGridOverlaps,
  parseGeoJsonBytes,
  validateJurisdictionFeatures,
} from './jurisdiction-import.js';
import { PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS, parsePeopleRecords, parseRole } from './people-import.js';
import { parseDuty } from './binding-import.js';

const COUNTY = '420102000000';
const TOWN = '420102001000';
const VILLAGE = '420102001001';

async function domainError(promise: Promise<unknown> | (() => unknown)): Promise<DomainError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

function feature(code: string, name: string, geometry: Polygon | null, extra: Record<string, unknown> = {}) {
  return { type: 'Feature', properties: { code, name, ...extra }, geometry };
}

describe('reading tables', () => {
  it('reads a UTF-8 CSV with a BOM, keeping spreadsheet row numbers across blank rows', async () => {
    const csv =
      '\uFEFF姓名,手机号,角色,辖区代码\r\n张三,13800000001,网格员,420102001001001\r\n\r\n,,,\r\n"李,四",13800000002,网格长,420102001001001\r\n';
    const table = await readTable(Buffer.from(csv, 'utf8'));
    expect(table.format).toBe('csv');
    const mapped = mapColumns(table, PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS);
    expect(mapped.headerRow).toBe(1);
    expect(mapped.records.map((r) => r.row)).toEqual([2, 5]);
    expect(mapped.records[1].values).toMatchObject({ name: '李,四', phone: '13800000002', role: '网格长' });
  });

  it('finds the header under a title row and accepts tab-separated files', async () => {
    const tsv = '人员名单\n姓名\t角色\t辖区代码（必填）\n王五\tgrid_worker\t420102001001\n';
    const mapped = mapColumns(await readTable(Buffer.from(tsv)), PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS);
    expect(mapped.headerRow).toBe(2);
    expect(mapped.records).toEqual([
      { row: 3, values: { name: '王五', role: 'grid_worker', jurisdiction_code: '420102001001' } },
    ]);
  });

  it('names missing columns', async () => {
    const error = await domainError(() =>
      mapColumns(
        {
          format: 'csv',
          rows: [
            { row: 1, cells: ['姓名', '手机号'] },
            { row: 2, cells: ['a', 'b'] },
          ],
        },
        PEOPLE_COLUMNS,
        PEOPLE_REQUIRED_COLUMNS,
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/role\/角色/);
    expect(error.message).toMatch(/jurisdiction_code\/辖区代码/);
  });

  it('refuses GBK, UTF-16, old .xls, a zip that is not a workbook, binary garbage and an empty file', async () => {
    const gbk = Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]); // 姓名 / 张三 in GBK
    expect((await domainError(readTable(gbk))).message).toMatch(/UTF-8/);
    expect((await domainError(readTable(Buffer.from([0xff, 0xfe, 0x41, 0x00])))).code).toBe(
      'IMPORT_FORMAT_UNSUPPORTED',
    );
    expect(
      (await domainError(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).message,
    ).toMatch(/\.xls/);
    expect((await domainError(readTable(Buffer.from('PK\x03\x04this is not a zip at all')))).code).toBe(
      'IMPORT_FORMAT_UNSUPPORTED',
    );
    expect((await domainError(readTable(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00])))).code).toBe(
      'IMPORT_FORMAT_UNSUPPORTED',
    );
    expect((await domainError(readTable(Buffer.alloc(0)))).code).toBe('VALIDATION_FAILED');
  });

  it('reads an XLSX workbook with numbers, rich text and formulas as text, using its row numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('人员');
    sheet.addRow(['姓名', '手机号', '角色', '辖区代码']);
    sheet.addRow([{ richText: [{ text: '赵' }, { text: '六' }] }, 13900000001, '网格员', 420102001001001]);
    sheet.addRow([]);
    sheet.addRow(['钱七', { formula: '"1390000"&"0002"', result: '13900000002' }, '网格长', '420102001001001']);
    const table = await readTable(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(table.format).toBe('xlsx');
    const mapped = mapColumns(table, PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS);
    expect(mapped.records).toEqual([
      { row: 2, values: { name: '赵六', phone: '13900000001', role: '网格员', jurisdiction_code: '420102001001001' } },
      { row: 4, values: { name: '钱七', phone: '13900000002', role: '网格长', jurisdiction_code: '420102001001001' } },
    ]);
    expect(cellText(new Date('2024-01-02T00:00:00Z'))).toBe('2024-01-02T00:00:00.000Z');
    expect(cellText({ error: '#N/A' })).toBe('');
  });
});

describe('people rows', () => {
  it('accepts role keys and Chinese role names, cleans phones, and reports bad fields by column', () => {
    expect(parseRole('网格员')).toBe('grid_worker');
    expect(parseRole('Grid_Worker')).toBe('grid_worker');
    expect(parseRole('县指挥中心')).toBe('county_operator');
    expect(parseRole('boss')).toBeNull();
    expect(parseDuty('包村领导')).toBe('leader_in_charge');
    expect(parseDuty('grid_head')).toBe('grid_head');
    const { rows, errors } = parsePeopleRecords([
      {
        row: 2,
        values: {
          name: '张三',
          phone: '+86 138-0000-0001',
          role: '网格员',
          jurisdiction_code: '４２０１０２００１００１',
        },
      },
      { row: 3, values: { name: '李四', phone: '12345', role: '网格员', jurisdiction_code: VILLAGE } },
      { row: 4, values: { name: '王五', role: 'boss', jurisdiction_code: VILLAGE } },
      { row: 5, values: { name: '赵六', role: '部门工作人员', jurisdiction_code: COUNTY } },
      { row: 6, values: { name: '钱七', role: '网格员', jurisdiction_code: VILLAGE, password: 'long-enough-7' } },
      {
        row: 7,
        values: { name: '孙八', role: '网格员', jurisdiction_code: VILLAGE, username: 'Sun Ba', password: 'short' },
      },
      {
        row: 8,
        values: {
          name: '周九',
          role: '网格员',
          jurisdiction_code: VILLAGE,
          username: 'zhou_jiu',
          password: 'Password2024!',
        },
      },
      {
        row: 9,
        values: {
          name: '吴十',
          role: '网格员',
          jurisdiction_code: VILLAGE,
          username: 'wu_shi',
          password: 'wu_shi-2024-pw',
        },
      },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone: '13800000001', jurisdictionCode: VILLAGE, role: 'grid_worker' });
    const byRow = (row: number) => errors.filter((e) => e.row === row).map((e) => e.field);
    expect(byRow(3)).toEqual(['phone']);
    expect(byRow(4)).toEqual(['role']);
    expect(byRow(5)).toEqual(['department_code']);
    expect(byRow(6)).toEqual(['password']);
    expect(byRow(7)).toEqual(['username', 'password']);
    // the password policy (core/access/password-policy.ts): a common password, one containing the username
    expect(errors.find((e) => e.row === 8)?.message).toMatch(/commonly used/);
    expect(errors.find((e) => e.row === 9)?.message).toMatch(/must not contain the username/);
  });
});

describe('GeoJSON', () => {
  const existing = new Map([
    [COUNTY, { code: COUNTY, level: 'county' as const }],
    [TOWN, { code: TOWN, level: 'town' as const }],
  ]);

  it('refuses what is not a FeatureCollection of lng/lat', async () => {
    expect((await domainError(() => featuresOf([]))).code).toBe('VALIDATION_FAILED');
    expect((await domainError(() => featuresOf({ type: 'Feature' }))).code).toBe('VALIDATION_FAILED');
    expect((await domainError(() => featuresOf({ type: 'FeatureCollection', features: [] }))).message).toMatch(
      /no features/,
    );
    const projected = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } },
      features: [{}],
    };
    expect((await domainError(() => featuresOf(projected))).message).toMatch(/WGS-84/);
    expect((await domainError(() => parseGeoJsonBytes(Buffer.from('{"type": "Feature')))).code).toBe('BAD_JSON');
    expect((await domainError(() => parseGeoJsonBytes(Buffer.from('姓名,角色\n')))).code).toBe(
      'IMPORT_FORMAT_UNSUPPORTED',
    );
    expect(parseGeoJsonBytes(Buffer.from('\uFEFF{"type":"FeatureCollection","features":[{"a":1}]}'))).toEqual([
      { row: 1, value: { a: 1 } },
    ]);
  });

  it('reports every kind of bad feature with its 1-based index, and orders the plan parents first', () => {
    const features = [
      feature(`${VILLAGE}001`, '一网格', square(114, 30, 0.01)), // 1: grid before its village: fine
      feature(VILLAGE, '一村', square(114, 30, 0.02), { kind: '社区' }), // 2
      feature('42010200100', '短码', square(114, 30, 0.01)), // 3: bad code
      feature(`${VILLAGE}002`, '二网格', square(114, 30, 0.01), { kind: 'village' }), // 4: kind of another level
      feature(`${VILLAGE}003`, '', square(114, 30, 0.01)), // 5: no name
      feature(`${VILLAGE}004`, '长'.repeat(101), square(114, 30, 0.01)), // 6: name too long
      feature(`${VILLAGE}005`, '坏网格', {
        type: 'Polygon',
        coordinates: [
          [
            [114, 30],
            [114.1, 30],
            [114.1, 30.1],
            [114, 30.2],
          ],
        ],
      }), // 7: open ring
      feature('420102001002001', '孤网格', square(114, 30, 0.01)), // 8: parent missing
      feature('420102002001', '外村', square(114, 30, 0.01)), // 9: outside (scope is town 001)
      feature(`${VILLAGE}001`, '重复', square(114, 30, 0.01)), // 10: duplicate
      feature(`${VILLAGE}006`, '无形', null), // 11: a grid needs a geometry
      feature(`${VILLAGE}007`, '错父', square(114, 30, 0.01), { parentCode: '420102001002' }), // 12
      { type: 'Feature', geometry: null }, // 13
      feature(`${VILLAGE}008`, '户数', square(114, 30, 0.01), { households: -3, kind: '专属网格' }), // 14
    ];
    const { errors, plan } = validateJurisdictionFeatures(
      features.map((value, i) => ({ row: i + 1, value })),
      { scopeCode: TOWN, existing },
    );
    const summary = errors.map((e) => [e.row, e.field]).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(summary).toEqual([
      [3, 'code'],
      [4, 'kind'],
      [5, 'name'],
      [6, 'name'],
      [7, 'geometry'],
      [8, 'parentCode'],
      [9, 'code'],
      [10, 'code'],
      [11, 'geometry'],
      [12, 'parentCode'],
      [13, 'properties'],
      [14, 'households'],
    ]);
    expect(errors.find((e) => e.row === 7)!.message).toMatch(/ring not closed/);
    expect(errors.find((e) => e.row === 9)!.message).toMatch(/outside your jurisdiction/);
    expect(plan.map((p) => p.code)).toEqual([VILLAGE, `${VILLAGE}001`]);
    expect(plan[0]).toMatchObject({ action: 'insert', kind: 'community', parentCode: TOWN });
    expect(plan[1]).toMatchObject({ kind: 'comprehensive', parentCode: VILLAGE });
    expect(plan[1].centroid![0]).toBeCloseTo(114.005, 9);
  });

  it('lets an operator update but not create their own jurisdiction, and not create siblings or ancestors', () => {
    const { errors } = validateJurisdictionFeatures(
      [
        { row: 1, value: feature(TOWN, '甲镇', square(114, 30, 0.1)) },
        { row: 2, value: feature('420102002000', '乙镇', square(114, 30, 0.1)) },
        { row: 3, value: feature(COUNTY, '本区', square(114, 30, 0.1)) },
      ],
      { scopeCode: TOWN, existing },
    );
    expect(errors.map((e) => e.row)).toEqual([2, 3]);
  });
});

describe('grid overlaps', () => {
  const grid = (code: string, geometry: Polygon, row = 1) => ({ row, code, parentCode: VILLAGE, geometry });

  it('lets neighbours share an edge and a corner', () => {
    const errors = findGridOverlaps(
      [grid(`${VILLAGE}002`, square(114.01, 30, 0.01)), grid(`${VILLAGE}003`, square(114.01, 30.01, 0.01), 2)],
      [grid(`${VILLAGE}001`, square(114, 30, 0.01))],
    );
    expect(errors).toEqual([]);
  });

  it('finds a grid drawn over an existing one, or inside it, or over an earlier one in the file', () => {
    const errors = findGridOverlaps(
      [
        grid(`${VILLAGE}002`, square(114.002, 30.002, 0.01), 1),
        grid(`${VILLAGE}003`, square(114.101, 30.101, 0.001), 2), // inside 004 below, which comes later
        grid(`${VILLAGE}004`, square(114.1, 30.1, 0.01), 3),
      ],
      [grid(`${VILLAGE}001`, square(114, 30, 0.01))],
    );
    expect(errors.map((e) => [e.row, e.message.slice(-40)])).toEqual([
      [1, expect.stringContaining(`${VILLAGE}001`)],
      [3, expect.stringContaining(`${VILLAGE}003`)],
    ]);
  });

  it('ignores a thin sliver from imprecise digitising', () => {
    const errors = findGridOverlaps(
      [grid(`${VILLAGE}002`, square(114.0099, 30, 0.01))],
      [grid(`${VILLAGE}001`, square(114, 30, 0.01))],
    );
    expect(errors).toEqual([]);
  });

  it('does not compare a grid with the stored version it replaces', () => {
    expect(
      findGridOverlaps(
        [grid(`${VILLAGE}001`, square(114.001, 30, 0.01))],
        [grid(`${VILLAGE}001`, square(114, 30, 0.01))],
      ),
    ).toEqual([]);
  });
});

describe('the report', () => {
  it('lists at most 1,000 errors in row order and says how many more', () => {
    const errors: RowError[] = Array.from({ length: 1250 }, (_, i) => ({ row: 1251 - i, message: 'bad' }));
    const report = buildReport({ dryRun: false, counts: { rows: 1250, inserted: 3, updated: 0, skipped: 0 }, errors });
    expect(report.ok).toBe(false);
    expect(report.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(report.errors[0].row).toBe(2);
    expect(report.omittedErrors).toBe(250);
    expect(report.counts).toEqual({ rows: 1250, inserted: 0, updated: 0, skipped: 0 });
  });
});
