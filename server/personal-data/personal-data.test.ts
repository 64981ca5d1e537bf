/**
 * Personal data end to end, on the embedded database and on PostgreSQL: phone and ID numbers
 * encrypted at rest (no clear value in the table), found through the keyed hash, masked in the
 * detail and the export, unmasked only for the handlers and supervisors — each unmasking audited —,
 * anonymous reports hidden from the handling side; the start-up encryption of clear phones and the
 * key rotation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P, T } from '../testing/test-county.js';
import { FieldCipher, normalisePhone } from './field-cipher.js';
import {
  PII_KEY_FILE,
  PiiKeyMissingError,
  formatPiiKeys,
  missingPiiKeys,
  newPiiKey,
  openFieldCipher,
  parsePiiKeys,
} from './pii-keys.js';
import { rotatePiiKeyCommand } from './rotate-pii-key.js';
import { loadConfig } from '../config.js';
import { encryptLegacyPhones, rotatePersonalDataKey } from './personal-data-upkeep.js';
import { openReporterData } from './reporter-identity.js';
import { redactUrl } from './log-redaction.js';

let ctx: TestContext;
const auth: Record<string, { authorization: string }> = {};
async function as(user: string) {
  auth[user] ??= await ctx.login(user);
  return auth[user];
}

const PHONE = '13912345678';
const ID_NUMBER = '11010519491231002X';
const TEST_KEYS = parsePiiKeys(`test:${Buffer.alloc(32, 7).toString('base64')}`, 'test');

async function report(user: string, extra: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/events',
    headers: await as(user),
    payload: {
      categoryCode: 'hazard.fire.exits',
      description: '楼道堆放杂物堵塞消防通道',
      reporterName: '张三',
      reporterPhone: PHONE,
      reporterIdNumber: ID_NUMBER,
      location: P.inGridA1a,
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().event.id as number;
}

async function unmask(user: string, id: number) {
  return ctx.app.inject({ method: 'POST', url: `/api/events/${id}/reporter/unmask`, headers: await as(user) });
}

beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('field cipher', () => {
  it('round-trips, uses a fresh IV each time, is bound to its column and refuses tampering', () => {
    const pii = new FieldCipher(TEST_KEYS);
    const a = pii.encrypt(PHONE, 'events.reporter_phone');
    const b = pii.encrypt(PHONE, 'events.reporter_phone');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1:test:')).toBe(true);
    expect(pii.decrypt(a, 'events.reporter_phone')).toBe(PHONE);
    expect(() => pii.decrypt(a, 'events.reporter_id_number')).toThrow();
    const parts = a.split(':');
    parts[4] = Buffer.from('x' + Buffer.from(parts[4]!, 'base64url').toString('latin1'), 'latin1').toString(
      'base64url',
    );
    expect(() => pii.decrypt(parts.join(':'), 'events.reporter_phone')).toThrow();
    expect(pii.hash(normalisePhone('+86 139-1234-5678'))).toBe(pii.hash(PHONE));
  });
});

describe('logs', () => {
  it('mask a phone or ID number searched for in a URL', () => {
    expect(redactUrl('/api/events?page=2&reporterPhone=%2B86%20139-1234-5678&x=1')).toBe(
      '/api/events?page=2&reporterPhone=861****5678&x=1',
    );
    expect(redactUrl('/api/events?reporterIdNumber=11010519491231002X')).toBe(
      `/api/events?reporterIdNumber=${encodeURIComponent('110105********002X')}`,
    );
    expect(redactUrl('/api/events?q=13912345678')).toBe('/api/events?q=13912345678');
  });
});

describe('reporter personal data', () => {
  it('stores no clear phone or ID number; keeps envelopes, keyed hashes and masks', async () => {
    const id = await report('gw_a1');
    const row = await ctx.database.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const text = JSON.stringify(row);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain('19491231');
    expect(row.reporter_phone).toBeNull();
    expect(row.reporter_phone_masked).toBe('139****5678');
    expect(row.reporter_id_number_masked).toBe('110105********002X');
    const pii = new FieldCipher(TEST_KEYS);
    expect(row.reporter_phone_hash).toBe(pii.hash(PHONE));
    expect(openReporterData(pii, row)).toEqual({ phone: PHONE, idNumber: ID_NUMBER });
    // found through the keyed hash
    const found = await ctx.database.db
      .selectFrom('events')
      .select('id')
      .where('reporter_phone_hash', 'in', pii.searchHashes(normalisePhone(PHONE)))
      .execute();
    expect(found.map((r) => r.id)).toContain(id);
  });

  it('finds events by the reporter’s phone or ID number through the hash (any written form), never an anonymous one', async () => {
    const id = await report('gw_a1', { reporterPhone: '13655556666' });
    const hidden = await report('gw_a1', { reporterPhone: '13655556666', anonymous: true });
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/events?reporterPhone=${encodeURIComponent('+86 136-5555-6666')}`,
      headers: await as('town_a_op'),
    });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((e: { id: number }) => e.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(hidden);
    const byId = await ctx.app.inject({
      method: 'GET',
      url: `/api/events?reporterIdNumber=11010519491231002x`,
      headers: await as('town_a_op'),
    });
    expect(byId.json().items.map((e: { id: number }) => e.id)).toContain(id);
    const citizen = await ctx.app.inject({
      method: 'GET',
      url: `/api/events?reporterPhone=13655556666`,
      headers: await as('citizen1'),
    });
    expect(citizen.statusCode).toBe(403);
  });

  it('masks the phone and ID number in the export and leaves an anonymous reporter out', async () => {
    const { exportCells, EXPORT_COLUMNS } = await import('../exports/export-columns.js');
    const { EventRepository } = await import('../events/event.repository.js');
    const anon = await report('gw_a1', { anonymous: true, reporterName: '匿名者' });
    const rows = await new EventRepository(ctx.database.db).exportPage(
      { kind: 'placement', column: 'county_code', code: T.county },
      0,
      {},
      0,
      1000,
    );
    const col = (h: string) => EXPORT_COLUMNS.findIndex((c) => c.header === h);
    const cells = rows.map((r) => exportCells(r));
    expect(JSON.stringify(cells)).not.toContain(PHONE);
    expect(JSON.stringify(cells)).not.toContain(ID_NUMBER);
    expect(cells.some((c) => c[col('身份证号')] === '110105********002X' && c[col('联系电话')] === '139****5678')).toBe(
      true,
    );
    const serial = (
      await ctx.database.db.selectFrom('events').select('serial_no').where('id', '=', anon).executeTakeFirstOrThrow()
    ).serial_no;
    const anonCells = cells.find((c) => c[0] === serial)!;
    expect(anonCells[col('上报人')]).toBeNull();
    expect(anonCells[col('联系电话')]).toBeNull();
    expect(anonCells[col('身份证号')]).toBeNull();
  });

  it('refuses an ID number failing GB 11643', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as('gw_a1'),
      payload: {
        categoryCode: 'hazard.fire.exits',
        description: '身份证号校验位错误',
        reporterIdNumber: '110105194912310021',
        location: P.inGridA1a,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ID_NUMBER_INVALID');
  });

  it('shows masks in the detail to the handling side and clear values to the reporter', async () => {
    const id = await report('gw_a1');
    const op = (
      await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as('town_a_op') })
    ).json().event;
    expect(op).toMatchObject({
      reporterName: '张三',
      reporterPhone: '139****5678',
      reporterIdNumber: '110105********002X',
      reporterAnonymous: false,
    });
    const own = (await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as('gw_a1') })).json()
      .event;
    expect(own).toMatchObject({ reporterPhone: PHONE, reporterIdNumber: ID_NUMBER });
  });

  it('unmasks for the town operator, audited; refuses a mediator, a citizen and another town', async () => {
    const id = await report('gw_a1');
    const before = await ctx.database.db
      .selectFrom('audit_records')
      .select(sql<string>`max(id)`.as('m'))
      .executeTakeFirstOrThrow();
    const ok = await unmask('town_a_op', id);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ reporterName: '张三', reporterPhone: PHONE, reporterIdNumber: ID_NUMBER });
    expect(ok.headers['cache-control']).toBe('no-store');
    const records = await ctx.database.db
      .selectFrom('audit_records')
      .selectAll()
      .where('id', '>', before.m as never)
      .orderBy('id')
      .execute();
    const read = records.find((r) => r.action === 'READ POST /api/events/:id/reporter/unmask');
    expect(read).toMatchObject({ actor_role: 'town_operator', target_type: 'events', target_id: String(id) });
    expect(read!.details).toEqual({ fields: ['reporterName', 'reporterPhone', 'reporterIdNumber'] });
    expect(JSON.stringify(records)).not.toContain(PHONE);

    expect((await unmask('mediator_a', id)).statusCode).toBeGreaterThanOrEqual(403);
    expect((await unmask('citizen1', id)).statusCode).toBeGreaterThanOrEqual(403);
    expect((await unmask('town_b_op', id)).json().error.code).toBe('EVENT_NOT_FOUND');
    const denied = await unmask('mediator_a', id);
    expect([403, 404]).toContain(denied.statusCode);
    // a refused unmasking is on the trail too (a POST)
    const after = await ctx.database.db
      .selectFrom('audit_records')
      .selectAll()
      .where('actor_role', '=', 'mediator')
      .where('action', 'like', '%unmask%')
      .execute();
    expect(after.length).toBeGreaterThan(0);
  });

  it('hides an anonymous reporter from the handling side; only the county centre unmasks', async () => {
    const id = await report('citizen1', { anonymous: true });
    const op = (
      await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as('town_a_op') })
    ).json();
    expect(op.event).toMatchObject({
      reporterName: null,
      reporterPhone: null,
      reporterIdNumber: null,
      reporterAnonymous: true,
    });
    expect(JSON.stringify(op)).not.toContain('群众甲');
    expect(JSON.stringify(op)).not.toContain('5678');
    const own = (
      await ctx.app.inject({ method: 'GET', url: `/api/events/${id}`, headers: await as('citizen1') })
    ).json().event;
    expect(own).toMatchObject({ reporterName: '张三', reporterPhone: PHONE });
    expect((await unmask('town_a_op', id)).json().error.code).toBe('REPORTER_ANONYMOUS');
    const county = await unmask('county_op', id);
    expect(county.statusCode).toBe(200);
    expect(county.json().reporterPhone).toBe(PHONE);
    // the public intake takes it too
    const pub = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: {
        categoryCode: 'hazard.fire.exits',
        description: '匿名反映楼道堵塞',
        reporterName: '李四',
        reporterPhone: '13700001111',
        anonymous: true,
        location: P.inGridA1a,
      },
    });
    expect(pub.statusCode).toBe(201);
  });
});

describe('upkeep', () => {
  it('encrypts phones stored in clear, then rotates every value to a new key (resumable, idempotent)', async () => {
    const pii = new FieldCipher(TEST_KEYS);
    const id = await report('gw_a1');
    await ctx.database.db
      .updateTable('events')
      .set({ reporter_phone: '13611112222', reporter_phone_enc: null })
      .where('id', '=', id)
      .execute();
    expect(await encryptLegacyPhones(ctx.database.db, pii, 2)).toBeGreaterThanOrEqual(1);
    const row = await ctx.database.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.reporter_phone).toBeNull();
    expect(pii.decrypt(row.reporter_phone_enc!, 'events.reporter_phone')).toBe('13611112222');
    expect(row.reporter_phone_masked).toBe('136****2222');

    const next = new FieldCipher([{ id: 'k2', secret: Buffer.alloc(32, 9) }, ...TEST_KEYS]);
    const first = await rotatePersonalDataKey(ctx.database.db, next, { batch: 2 });
    expect(first.reencrypted).toBeGreaterThan(2);
    expect((await rotatePersonalDataKey(ctx.database.db, next, { batch: 2 })).reencrypted).toBe(0);
    const rows = await ctx.database.db
      .selectFrom('events')
      .select(['reporter_phone_enc', 'reporter_id_number_enc', 'reporter_phone_hash'])
      .where('reporter_phone_enc', 'is not', null)
      .execute();
    for (const r of rows) expect(r.reporter_phone_enc!.startsWith('v1:k2:')).toBe(true);
    // the new key alone reads them; searching finds them under the new hash
    const only = new FieldCipher([{ id: 'k2', secret: Buffer.alloc(32, 9) }]);
    expect(
      rows.some((r) => r.reporter_phone_enc && only.decrypt(r.reporter_phone_enc, 'events.reporter_phone') === PHONE),
    ).toBe(true);
    expect(rows.some((r) => r.reporter_phone_hash === only.hash(PHONE))).toBe(true);
  });
});

describe('the keys the platform starts with', () => {
  const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-pii-'));

  it('makes a key file on first start only while no value is encrypted; new key ids are random', async () => {
    const empty = await createTestContext();
    try {
      const dataDir = folder();
      const made: string[] = [];
      const pii = await openFieldCipher({ piiKeys: null, dataDir }, empty.database.db, (file) => made.push(file));
      expect(made).toEqual([path.join(dataDir, PII_KEY_FILE)]);
      expect(pii.activeKeyId).toMatch(/^k[0-9a-f]{8}$/);
      expect(newPiiKey([]).id).not.toBe(newPiiKey([]).id);
    } finally {
      await empty.close();
    }
  });

  it('refuses to start when stored values are under a key it lacks, and makes no key file in its place', async () => {
    await report('gw_a1'); // stored under the test context's key
    const { used: inUse } = await missingPiiKeys(ctx.database.db, null);
    const used = (
      await ctx.database.db
        .selectFrom('events')
        .select('reporter_phone_enc')
        .where('reporter_phone_enc', 'is not', null)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).reporter_phone_enc!.split(':')[1]!;
    expect(inUse).toContain(used);
    const dataDir = folder();
    await expect(openFieldCipher({ piiKeys: null, dataDir }, ctx.database.db)).rejects.toThrow(PiiKeyMissingError);
    expect(fs.existsSync(path.join(dataDir, PII_KEY_FILE)), 'no fresh key made in place of the lost one').toBe(false);
    // another installation's key file (another id) does not do either
    fs.writeFileSync(path.join(dataDir, PII_KEY_FILE), formatPiiKeys([newPiiKey([])]));
    await expect(openFieldCipher({ piiKeys: null, dataDir }, ctx.database.db)).rejects.toThrow(
      new RegExp(`key (.*, )?${used}\\b`),
    );
    // the rotation command refuses too, changing nothing
    const lines: string[] = [];
    expect(
      await rotatePiiKeyCommand(
        { ...loadConfig({ DATA_DIR: dataDir } as NodeJS.ProcessEnv), piiKeys: null },
        ctx.database.db,
        (l) => lines.push(l),
      ),
    ).toBe(1);
    expect(lines.join('\n')).toContain('PII_KEY_MISSING');
    // with the key the data is under, it starts
    const cipher = await openFieldCipher(
      { piiKeys: inUse.map((id) => ({ id, secret: Buffer.alloc(32, 1) })), dataDir },
      ctx.database.db,
    );
    expect(cipher.hasKey(used)).toBe(true);
  });
});
