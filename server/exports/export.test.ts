/**
 * Exports of the event list (事件清单导出) through the HTTP API, the worker run directly: CSV and
 * XLSX content, scope and filters, progress, who may see what, the limits, a worker that died
 * mid-way, and expiry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T } from '../testing/test-county.js';
import { loadConfig } from '../config.js';
import {
  EXPORT_KEEP_MS,
  EXPORT_LEASE_MS,
  exportWorkerJob,
  exportsDirFor,
  expireExports,
  runNextExport,
  type ExportDeps,
} from './export.service.js';
import { ExportRepository } from './export.repository.js';
import { EXPORT_COLUMNS, maskPhone } from './export-columns.js';
import { csvField } from './export-writer.js';

let ctx: TestContext;
let exportsDir: string;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));
const config = () =>
  loadConfig({ LOG_LEVEL: 'silent', SESSION_TTL_HOURS: '2160', DATA_DIR: ctx.dataDir } as NodeJS.ProcessEnv);
const workerDeps = (extra: Partial<ExportDeps> = {}): ExportDeps => ({
  db: ctx.database.db,
  now: () => new Date(ctx.clock.now),
  exportsDir,
  pageSize: 2,
  ...extra,
});
const run = (extra: Partial<ExportDeps> = {}) => runNextExport(workerDeps(extra));
const HEADERS = EXPORT_COLUMNS.map((c) => c.header);
const col = (header: string) => HEADERS.indexOf(header);

const EVIL_TITLE = '=HYPERLINK("http://evil.example","点我")';
const TRICKY_ADDRESS = '幸福小区3号楼, 东侧\n"老楼"';

async function report(user: string, body: Record<string, unknown>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as(user),
    payload: { categoryCode: 'hazard.fire.exits', description: '楼道堆放杂物堵塞消防通道', ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().event as { id: number; serialNo: string };
}

async function requestExport(user: string, payload: unknown) {
  return ctx.app.inject({ method: 'POST', url: '/api/exports', headers: await as(user), payload: payload as object });
}

async function exportOf(user: string, id: number) {
  return ctx.app.inject({ method: 'GET', url: `/api/exports/${id}`, headers: await as(user) });
}

async function download(user: string, id: number) {
  return ctx.app.inject({ method: 'GET', url: `/api/exports/${id}/download`, headers: await as(user) });
}

async function listTotal(user: string, query = '') {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/events?pageSize=100${query}`, headers: await as(user) });
  return res.json() as { total: number; items: { serialNo: string }[] };
}

/** Asks for an export, runs the worker until it is done, and returns the job and the file. */
async function exportDone(user: string, payload: Record<string, unknown>) {
  const res = await requestExport(user, payload);
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().export.id as number;
  for (let k = 0; k < 10; k++) {
    const outcome = await run();
    if (!outcome || outcome.jobId === id) break;
  }
  const job = (await exportOf(user, id)).json().export;
  expect(job.status).toBe('done');
  const file = await download(user, id);
  expect(file.statusCode).toBe(200);
  return { id, job, file };
}

function csvRecords(body: Buffer): string[][] {
  return parse(body, { bom: true, relax_column_count: false }) as string[][];
}

beforeAll(async () => {
  ctx = await createTestContext();
  exportsDir = exportsDirFor({ dataDir: ctx.dataDir });
  await buildTestCounty(ctx.database.db);
  ctx.clock.now = new Date('2026-11-24T02:00:00Z'); // 10:00 in China
  await report('gw_a1', {
    title: EVIL_TITLE,
    address: TRICKY_ADDRESS,
    reporterName: '王先生',
    reporterPhone: '13812345678',
    location: P.inGridA1a,
  });
  await report('gw_a1', {
    title: '@SUM(A1:A9)',
    reporterPhone: '+86 139-0000-4321',
    location: P.inGridA1a,
    riskLevel: 'red',
  });
  await report('gw_a2', { title: '东村第二网格一般隐患', location: P.inGridA1b });
  await report('gw_a1', { title: '-2+3 西村的坑', location: P.inGridA2a });
  await report('gw_b1', { title: '乙镇南社区的事', reporterPhone: '13700001111', location: P.inGridB1a });
  await report('gw_b1', { title: '乙镇南社区的另一件事', location: P.inGridB1a });
});

afterAll(async () => {
  await ctx?.close();
});

describe('cells', () => {
  it('masks phones: first three and last four digits, never the whole number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 139-0000-4321')).toBe('861****4321');
    expect(maskPhone('12345')).toBe('****45');
    expect(maskPhone(null)).toBeNull();
  });

  it('neutralises formulas and quotes CSV fields by RFC 4180', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@A1')).toBe("'@A1");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvField(new Date('2026-11-24T15:59:00Z'))).toBe('2026-11-24 23:59');
    expect(csvField(null)).toBe('');
  });
});

describe('exportsDirFor', () => {
  it('uses DATA_DIR/exports, made when missing', () => {
    const real = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-data-'));
    try {
      expect(exportsDirFor({ dataDir: real })).toBe(path.join(real, 'exports'));
      expect(fs.statSync(path.join(real, 'exports')).isDirectory()).toBe(true);
      const fresh = path.join(real, 'not-yet');
      expect(exportsDirFor({ dataDir: fresh })).toBe(path.join(fresh, 'exports'));
      expect(fs.statSync(path.join(fresh, 'exports')).isDirectory()).toBe(true);
    } finally {
      fs.rmSync(real, { recursive: true, force: true });
    }
  });
});

describe('CSV export', () => {
  it('queues, is not downloadable before it is done, then writes every visible event', async () => {
    const res = await requestExport('county_op', { format: 'csv' });
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json().export;
    expect(queued).toMatchObject({ status: 'queued', format: 'csv', rowsWritten: 0, percent: 0, downloadUrl: null });

    const early = await download('county_op', queued.id);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('EXPORT_NOT_READY');

    // progress as the worker sees it, after its first page of two rows
    const seen: { status: string; rowsWritten: number; totalRows: number; percent: number }[] = [];
    const outcome = await run({
      afterPage: async (job) => {
        if (job.id === queued.id && !seen.length) seen.push((await exportOf('county_op', queued.id)).json().export);
      },
    });
    const total = (await listTotal('county_op')).total;
    expect(total).toBe(6);
    expect(outcome).toMatchObject({ jobId: queued.id, status: 'done', rows: total });
    expect(seen[0]).toMatchObject({ status: 'running', rowsWritten: 2, totalRows: total, percent: 33 });

    const done = (await exportOf('county_op', queued.id)).json().export;
    expect(done).toMatchObject({
      status: 'done',
      rowsWritten: total,
      totalRows: total,
      percent: 100,
      downloadUrl: `/api/exports/${queued.id}/download`,
    });
    expect(done.fileBytes).toBeGreaterThan(0);
    expect(new Date(done.expiresAt).getTime() - new Date(done.finishedAt).getTime()).toBe(EXPORT_KEEP_MS);

    const file = await download('county_op', queued.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="yiwang-events-20261124-100000.csv"; filename*=UTF-8''${encodeURIComponent('事件清单-20261124-100000.csv')}`,
    );
    const body = file.rawPayload;
    expect(Number(file.headers['content-length'])).toBe(body.length);
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(HEADERS.join(','));
    // the full phone numbers never leave
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('13700001111');
    // formula-looking text is quoted-prefixed, and RFC 4180 quoting survives a parser
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);

    const [header, ...rows] = csvRecords(body);
    expect(header).toEqual(HEADERS);
    expect(rows).toHaveLength(total);
    const evil = rows.find((r) => r[col('标题')].includes('HYPERLINK'))!;
    expect(evil[col('标题')]).toBe(`'${EVIL_TITLE}`);
    expect(evil[col('地址')]).toBe(TRICKY_ADDRESS);
    expect(evil[col('联系电话')]).toBe('138****5678');
    expect(evil[col('上报人')]).toBe('王先生');
    expect(evil[col('上报时间')]).toBe('2026-11-24 10:00');
    expect(evil[col('事件类型')]).toBe('风险隐患');
    expect(evil[col('来源渠道')]).toBe('网格员巡查');
    expect(evil[col('状态')]).toBe('已分拨');
    expect(evil[col('当前层级')]).toBe('网格');
    expect(evil[col('灯色')]).toBe('绿灯');
    expect(evil[col('所属乡镇')]).toBe('甲镇');
    expect(evil[col('所属村(社区)')]).toBe('东村');
    expect(evil[col('所属网格')]).toBe('东村第一网格');
    expect(evil[col('是否逾期')]).toBe('否');
    expect(evil[col('签收时间')]).toBe('');
    expect(rows.find((r) => r[col('标题')].startsWith("'@SUM"))![col('联系电话')]).toBe('861****4321');
    expect(rows.find((r) => r[col('标题')].startsWith("'-2+3"))).toBeTruthy();
    // in id order: the serials as the list has them, oldest first
    expect(rows.map((r) => r[col('编号')])).toEqual(
      (await listTotal('county_op', '&sort=serial_no&order=asc')).items.map((e) => e.serialNo),
    );
  });

  it('holds only what the requester may see: a town operator gets their town', async () => {
    const { job, file } = await exportDone('town_a_op', { format: 'csv' });
    const [, ...rows] = csvRecords(file.rawPayload);
    const visible = await listTotal('town_a_op');
    expect(visible.total).toBe(4);
    expect(job.totalRows).toBe(4);
    expect(rows.map((r) => r[col('编号')]).sort()).toEqual(visible.items.map((e) => e.serialNo).sort());
    expect(new Set(rows.map((r) => r[col('所属乡镇')]))).toEqual(new Set(['甲镇']));
  });

  it('applies the list filters', async () => {
    const { file } = await exportDone('county_op', { format: 'csv', filters: { jurisdiction: T.townB } });
    const [, ...rows] = csvRecords(file.rawPayload);
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r[col('所属乡镇')]))).toEqual(new Set(['乙镇']));

    const red = await exportDone('county_op', { format: 'csv', filters: { risk: ['red'], q: 'SUM' } });
    const [, ...redRows] = csvRecords(red.file.rawPayload);
    expect(redRows.map((r) => r[col('标题')])).toEqual(["'@SUM(A1:A9)"]);
    expect(redRows[0][col('风险等级')]).toBe('红色');

    const none = await exportDone('county_op', { format: 'csv', filters: { statusKind: ['closed'] } });
    expect(none.job).toMatchObject({ totalRows: 0, rowsWritten: 0, percent: 100 });
    expect(csvRecords(none.file.rawPayload)).toEqual([HEADERS]);
  });
});

describe('XLSX export', () => {
  it('is a workbook with a bold, frozen header, date cells in China time and text never a formula', async () => {
    const { job, file } = await exportDone('county_op', { format: 'xlsx' });
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('事件清单-20261124-100000.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('事件清单')!;
    expect(sheet.rowCount).toBe(1 + job.totalRows);
    expect(job.totalRows).toBe(6);
    const header = sheet.getRow(1);
    expect((header.values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(col('标题') + 1).width).toBeGreaterThan(20);

    const rows = Array.from({ length: job.totalRows }, (_, k) => sheet.getRow(k + 2));
    const evil = rows.find((r) => String(r.getCell(col('标题') + 1).value).includes('HYPERLINK'))!;
    const title = evil.getCell(col('标题') + 1);
    expect(title.type).toBe(ExcelJS.ValueType.String);
    expect(title.value).toBe(EVIL_TITLE);
    const reported = evil.getCell(col('上报时间') + 1);
    expect(reported.type).toBe(ExcelJS.ValueType.Date);
    // 10:00 in China, shown as such whatever the reader's time zone
    expect((reported.value as Date).toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(reported.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(evil.getCell(col('联系电话') + 1).value).toBe('138****5678');
    expect(evil.getCell(col('地址') + 1).value).toBe(TRICKY_ADDRESS);
  });
});

describe('who may do what', () => {
  it('shows and serves an export to its requester only', async () => {
    const { id } = await exportDone('county_op', { format: 'csv' });
    for (const other of ['leader', 'town_b_op']) {
      const seen = await exportOf(other, id);
      expect(seen.statusCode).toBe(404);
      expect(seen.json().error.code).toBe('EXPORT_NOT_FOUND');
      const file = await download(other, id);
      expect(file.statusCode).toBe(404);
      expect(file.json().error.code).toBe('EXPORT_NOT_FOUND');
      const mine = await ctx.app.inject({ method: 'GET', url: '/api/exports', headers: await as(other) });
      expect(mine.json().items.map((e: { id: number }) => e.id)).not.toContain(id);
    }
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/exports', headers: await as('county_op') })).json()
      .items as { id: number }[];
    expect(list[0].id).toBe(id);
    expect(list.map((e) => e.id)).toEqual([...list.map((e) => e.id)].sort((a, b) => b - a));
    expect((await exportOf('county_op', 999_999)).statusCode).toBe(404);
  });

  it('refuses citizens, bad input and jurisdictions outside the user’s', async () => {
    const citizen = await requestExport('citizen1', { format: 'csv' });
    expect(citizen.statusCode).toBe(403);
    expect(citizen.json().error.code).toBe('FORBIDDEN');
    for (const payload of [
      { format: 'pdf' },
      {},
      { format: 'csv', extra: 1 },
      { format: 'csv', filters: { mine: true } },
      { format: 'csv', filters: { status: 'closed' } },
      { format: 'csv', filters: { risk: ['purple'] } },
      { format: 'csv', filters: { from: 'yesterday' } },
      { format: 'csv', filters: { jurisdiction: '12' } },
    ]) {
      const res = await requestExport('county_op', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/exports',
      headers: { ...(await as('county_op')), 'content-type': 'application/json' },
      payload: '{"format":',
    });
    expect(bad.statusCode).toBe(400);
    const outside = await requestExport('town_a_op', { format: 'csv', filters: { jurisdiction: T.townB } });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await exportOf('county_op', 0)).statusCode).toBe(400);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/exports/abc', headers: await as('county_op') })).statusCode,
    ).toBe(400);
  });

  it('allows three unfinished exports per person', async () => {
    const ids: number[] = [];
    for (let k = 0; k < 3; k++) {
      const res = await requestExport('town_b_op', { format: k % 2 ? 'xlsx' : 'csv' });
      expect(res.statusCode).toBe(202);
      ids.push(res.json().export.id);
    }
    const fourth = await requestExport('town_b_op', { format: 'csv' });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe('EXPORT_LIMIT_REACHED');
    // others are not held up by it
    expect((await requestExport('leader', { format: 'csv' })).statusCode).toBe(202);
    while (await run());
    for (const id of ids) expect((await exportOf('town_b_op', id)).json().export.status).toBe('done');
    expect((await requestExport('town_b_op', { format: 'csv' })).statusCode).toBe(202);
    while (await run());
  });
});

describe('the worker', () => {
  it('runs again from the start a job whose worker died, leaving exactly one complete file', async () => {
    const res = await requestExport('leader', { format: 'csv' });
    const id = res.json().export.id as number;
    const exports = new ExportRepository(ctx.database.db);
    // A worker claims it, writes part of it, and dies.
    const t0 = new Date(ctx.clock.now);
    const dead = await exports.claimNext(t0, new Date(t0.getTime() + EXPORT_LEASE_MS), 'dead-worker');
    expect(dead?.id).toBe(id);
    expect(
      await exports.progress(id, 'dead-worker', {
        rowsWritten: 2,
        totalRows: 6,
        leaseUntil: new Date(t0.getTime() + EXPORT_LEASE_MS),
      }),
    ).toBe(true);
    fs.writeFileSync(path.join(exportsDir, `export-${id}-0badc0ffee00.csv.part`), '\uFEFF编号,标题\r\nYW1,half');
    expect((await exportOf('leader', id)).json().export).toMatchObject({
      status: 'running',
      rowsWritten: 2,
      percent: 33,
    });

    // While its lease holds, nobody else takes the job.
    expect(await run()).toBeNull();

    // Its lease runs out: the next worker starts over.
    ctx.clock.now = new Date(t0.getTime() + EXPORT_LEASE_MS + 1000);
    const outcome = await run();
    expect(outcome).toMatchObject({ jobId: id, status: 'done', rows: 6 });
    const job = await exports.findMine(id, dead!.requested_by);
    expect(job).toMatchObject({ status: 'done', attempts: 2, rows_written: 6, total_rows: 6, locked_by: null });
    const files = fs.readdirSync(exportsDir).filter((n) => n.startsWith(`export-${id}-`));
    expect(files).toEqual([job!.file_name]);
    const [, ...rows] = csvRecords(fs.readFileSync(path.join(exportsDir, files[0])));
    expect(rows).toHaveLength(6);

    // The dead worker, should it wake up, can change nothing.
    expect(
      await exports.progress(id, 'dead-worker', {
        rowsWritten: 3,
        leaseUntil: new Date(ctx.clock.now.getTime() + 60_000),
      }),
    ).toBe(false);
    expect(
      await exports.finish(id, 'dead-worker', {
        fileName: 'x.csv',
        fileBytes: 1,
        rows: 1,
        now: ctx.clock.now,
        expiresAt: ctx.clock.now,
      }),
    ).toBe(false);
    expect((await exportOf('leader', id)).json().export).toMatchObject({ status: 'done', rowsWritten: 6 });
  });

  it('keeps nothing of an attempt that lost its lease mid-way', async () => {
    const res = await requestExport('leader', { format: 'xlsx' });
    const id = res.json().export.id as number;
    const exports = new ExportRepository(ctx.database.db);
    const t0 = new Date(ctx.clock.now);
    // After the slow worker's first page, its lease runs out and another worker claims the job.
    const outcome = await run({
      afterPage: async (job, written) => {
        if (job.id !== id || written !== 2) return;
        ctx.clock.now = new Date(t0.getTime() + EXPORT_LEASE_MS + 1000);
        expect(
          (await exports.claimNext(ctx.clock.now, new Date(ctx.clock.now.getTime() + EXPORT_LEASE_MS), 'other-worker'))
            ?.id,
        ).toBe(id);
      },
    });
    expect(outcome).toEqual({ jobId: id, status: 'lost' });
    expect(fs.readdirSync(exportsDir).filter((n) => n.startsWith(`export-${id}-`))).toEqual([]);
    expect((await exportOf('leader', id)).json().export.status).toBe('running');
    // the other worker died too; the third attempt finishes
    ctx.clock.now = new Date(ctx.clock.now.getTime() + EXPORT_LEASE_MS + 1000);
    expect(await run()).toMatchObject({ jobId: id, status: 'done', rows: 6 });
  });

  it('gives up on a job after three attempts that never finished', async () => {
    const res = await requestExport('leader', { format: 'csv' });
    const id = res.json().export.id as number;
    const exports = new ExportRepository(ctx.database.db);
    for (let k = 0; k < 3; k++) {
      const now = new Date(ctx.clock.now);
      expect((await exports.claimNext(now, new Date(now.getTime() + EXPORT_LEASE_MS), `crashing-${k}`))?.id).toBe(id);
      ctx.clock.now = new Date(now.getTime() + EXPORT_LEASE_MS + 1000);
    }
    expect(await run()).toBeNull();
    const job = (await exportOf('leader', id)).json().export;
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/3 attempts/);
    const file = await download('leader', id);
    expect(file.statusCode).toBe(409);
    expect(file.json().error.code).toBe('EXPORT_NOT_READY');
  });

  it('deletes files after seven days and marks them expired', async () => {
    const { id, job } = await exportDone('gw_a1', { format: 'csv' });
    const row = await ctx.database.db
      .selectFrom('export_jobs')
      .select('file_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const file = path.join(exportsDir, row.file_name!);
    expect(fs.existsSync(file)).toBe(true);
    ctx.clock.now = new Date(new Date(job.finishedAt).getTime() + EXPORT_KEEP_MS - 1000);
    await expireExports(workerDeps()); // (the earlier tests' exports, finished before it, go)
    expect(fs.existsSync(file)).toBe(true);
    expect((await exportOf('gw_a1', id)).json().export.status).toBe('done');
    ctx.clock.now = new Date(new Date(job.finishedAt).getTime() + EXPORT_KEEP_MS);
    expect(await expireExports(workerDeps())).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
    expect((await exportOf('gw_a1', id)).json().export).toMatchObject({ status: 'expired', downloadUrl: null });
    const gone = await download('gw_a1', id);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('EXPORT_NOT_FOUND');
  });

  it('is a scheduled job that runs what is queued', async () => {
    const job = exportWorkerJob({ config: config(), db: ctx.database.db, now: () => new Date(ctx.clock.now) });
    expect(job.name).toBe('export-worker');
    const res = await requestExport('gw_b1', { format: 'xlsx' });
    await job.run();
    expect((await exportOf('gw_b1', res.json().export.id)).json().export).toMatchObject({
      status: 'done',
      totalRows: 2,
    });
  });
});
