import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P } from '../testing/test-county.js';
import { JobScheduler } from '../jobs/job-scheduler.js';
import { loadConfig } from '../config.js';
import { orphanAttachmentsJob, removeOrphanAttachments } from './attachment.service.js';
import { readImageSize } from '../../core/attachments/image-formats.js';
import {
  buildGif,
  buildHeic,
  buildJpeg,
  buildPng,
  containsBytes,
  GPS_LATITUDE,
  SECRET,
} from '../../core/attachments/test-images.js';
import { multipart } from '../testing/multipart.js';

let ctx: TestContext;
const auth: Record<string, { authorization: string }> = {};
const as = async (user: string) => (auth[user] ??= await ctx.login(user));

// a public byte limit below the staff one, to see each apply
const PUBLIC_LIMIT = 64 * 1024;

beforeAll(async () => {
  ctx = await createTestContext({
    config: { publicMaxUploadBytes: PUBLIC_LIMIT, maxImagePixels: 40_000_000, maxImageSide: 16_384 },
  });
  await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

async function upload(bytes: Uint8Array, options: { user?: string; filename?: string; declaredType?: string } = {}) {
  const form = multipart(bytes, options.filename ?? 'photo.jpg', options.declaredType);
  return ctx.app.inject({
    method: 'POST',
    url: options.user ? '/api/attachments' : '/api/public/attachments',
    headers: { ...form.headers, ...(options.user ? await as(options.user) : {}) },
    payload: form.payload,
  });
}

const storedBytes = async (id: string) => {
  const row = await ctx.database.db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { row, bytes: ctx.storage.files.get(row.storage_key) };
};

describe('public uploads (随手拍)', () => {
  it('keeps a citizen photo only without its location and metadata, whatever type was declared', async () => {
    const photo = buildJpeg({ width: 64, height: 48 });
    const res = await upload(photo, { declaredType: 'image/png', filename: 'x.png' });
    expect(res.statusCode).toBe(201);
    expect(res.json().attachment).toMatchObject({ mimeType: 'image/jpeg', width: 64, height: 48 });
    const { row, bytes } = await storedBytes(res.json().attachment.id);
    expect(row.mime_type).toBe('image/jpeg');
    expect(containsBytes(bytes!, GPS_LATITUDE)).toBe(false);
    expect(containsBytes(bytes!, SECRET)).toBe(false);
    expect(readImageSize(bytes!, 'image/jpeg')).toEqual({ width: 64, height: 48 });
    expect(row.size_bytes).toBe(bytes!.length);

    // linked to a 随手拍 report, the staff see the same clean photo: no original was kept
    const report = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: {
        categoryCode: 'uncivil.public.littering',
        description: '河边倾倒建筑垃圾',
        location: P.inGridA1a,
        attachmentIds: [row.id],
      },
    });
    expect(report.statusCode).toBe(201);
    const download = await ctx.app.inject({
      method: 'GET',
      url: `/api/attachments/${row.id}`,
      headers: await as('sec_a'),
    });
    expect(download.statusCode).toBe(200);
    expect(containsBytes(download.rawPayload, GPS_LATITUDE)).toBe(false);
  });

  it('refuses HEIC (its metadata cannot be removed), corrupt images, bombs and files over the public limit', async () => {
    const heic = await upload(buildHeic({ width: 4032, height: 3024 }), { filename: 'IMG_0001.HEIC' });
    expect([heic.statusCode, heic.json().error.code]).toEqual([415, 'ATTACHMENT_TYPE_UNSUPPORTED']);
    const pdf = await upload(new TextEncoder().encode('%PDF-1.7\n'), { filename: 'a.pdf' });
    expect([pdf.statusCode, pdf.json().error.code]).toEqual([415, 'ATTACHMENT_TYPE_UNSUPPORTED']);
    const cut = await upload(buildJpeg({ width: 64, height: 48 }).subarray(0, 200));
    expect([cut.statusCode, cut.json().error.code]).toEqual([422, 'ATTACHMENT_CORRUPT']);
    const bomb = await upload(buildPng({ width: 50_000, height: 50_000 }), { filename: 'bomb.png' });
    expect([bomb.statusCode, bomb.json().error.code]).toEqual([413, 'ATTACHMENT_IMAGE_TOO_LARGE']);
    expect(bomb.json().error.details).toMatchObject({ width: 50_000, height: 50_000 });
    const wide = await upload(buildGif({ width: 20_000, height: 1 }), { filename: 'wide.gif' });
    expect(wide.json().error.code).toBe('ATTACHMENT_IMAGE_TOO_LARGE');
    const big = buildPng({ width: 200, height: 200 }); // ~40 kB stored: fits
    expect(big.length).toBeLessThan(PUBLIC_LIMIT);
    expect((await upload(big, { filename: 'ok.png' })).statusCode).toBe(201);
    const tooBig = buildPng({ width: 300, height: 300 }); // ~90 kB: over the public limit, fine for staff
    expect(tooBig.length).toBeGreaterThan(PUBLIC_LIMIT);
    const refused = await upload(tooBig, { filename: 'big.png' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    expect((await upload(tooBig, { user: 'gw_a1', filename: 'big.png' })).statusCode).toBe(201);
    // nothing refused was stored
    const rows = await ctx.database.db.selectFrom('attachments').select('original_name').execute();
    expect(rows.map((r) => r.original_name)).not.toContain('IMG_0001.HEIC');
    expect(rows.map((r) => r.original_name)).not.toContain('bomb.png');
  });
});

describe('staff uploads', () => {
  it('keep their metadata for the staff (evidence); a citizen sees the photo without it, and no HEIC or PDF', async () => {
    // a citizen with an account reports; the village secretary accepts it with a photo and a PDF
    const event = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: await as('citizen1'),
      payload: { categoryCode: 'hazard.fire.exits', description: '楼道堆放杂物', location: P.inGridA1a },
    });
    expect(event.statusCode).toBe(201);
    const id = event.json().event.id;
    const photo = buildJpeg({ width: 32, height: 16, orientation: 6 });
    const staffPhoto = (await upload(photo, { user: 'sec_a' })).json().attachment;
    const staffPdf = (
      await upload(new TextEncoder().encode('%PDF-1.7\n% agreement\n'), { user: 'sec_a', filename: 'agreement.pdf' })
    ).json().attachment;
    const staffHeic = (
      await upload(buildHeic({ width: 4032, height: 3024 }), { user: 'sec_a', filename: 'IMG.HEIC' })
    ).json().attachment;
    expect(staffHeic).toMatchObject({ mimeType: 'image/heic', width: 4032, height: 3024 });
    expect(containsBytes((await storedBytes(staffPhoto.id)).bytes!, GPS_LATITUDE)).toBe(true);
    const accepted = await ctx.app.inject({
      method: 'POST',
      url: `/api/events/${id}/actions/accept`,
      headers: await as('sec_a'),
      payload: { attachmentIds: [staffPhoto.id, staffPdf.id, staffHeic.id] },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const forStaff = await ctx.app.inject({
      method: 'GET',
      url: `/api/attachments/${staffPhoto.id}`,
      headers: await as('town_a_op'),
    });
    expect(forStaff.statusCode).toBe(200);
    expect(Buffer.compare(forStaff.rawPayload, Buffer.from(photo))).toBe(0);

    const forCitizen = await ctx.app.inject({
      method: 'GET',
      url: `/api/attachments/${staffPhoto.id}`,
      headers: await as('citizen1'),
    });
    expect(forCitizen.statusCode).toBe(200);
    expect(forCitizen.headers['content-type']).toBe('image/jpeg');
    expect(containsBytes(forCitizen.rawPayload, GPS_LATITUDE)).toBe(false);
    expect(containsBytes(forCitizen.rawPayload, SECRET)).toBe(false);
    expect(readImageSize(forCitizen.rawPayload, 'image/jpeg')).toEqual({ width: 32, height: 16 });
    for (const other of [staffPdf, staffHeic]) {
      const refused = await ctx.app.inject({
        method: 'GET',
        url: `/api/attachments/${other.id}`,
        headers: await as('citizen1'),
      });
      expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'ATTACHMENT_NOT_PUBLIC']);
      expect(
        (await ctx.app.inject({ method: 'GET', url: `/api/attachments/${other.id}`, headers: await as('sec_a') }))
          .statusCode,
      ).toBe(200);
    }
  });

  it('a citizen signed in uploads as the public does: stripped', async () => {
    const res = await upload(buildJpeg({ width: 8, height: 8 }), { user: 'citizen1' });
    expect(res.statusCode).toBe(201);
    expect(containsBytes((await storedBytes(res.json().attachment.id)).bytes!, GPS_LATITUDE)).toBe(false);
  });
});

describe('orphaned uploads', () => {
  it('are removed — rows and files — after their time, by the periodic job; linked ones stay', async () => {
    ctx.clock.now = new Date('2026-12-01T00:00:00Z');
    const pub = (await upload(buildPng({ width: 2, height: 2 }), { filename: 'orphan.png' })).json().attachment;
    const linkedPub = (await upload(buildPng({ width: 2, height: 2 }), { filename: 'linked.png' })).json().attachment;
    const staff = (
      await upload(buildPng({ width: 2, height: 2 }), { user: 'gw_a1', filename: 'staff-orphan.png' })
    ).json().attachment;
    const linked = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: {
        categoryCode: 'uncivil.public.littering',
        description: '河边有人倾倒建筑垃圾',
        location: P.inGridA1a,
        attachmentIds: [linkedPub.id],
      },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const keyOf = async (id: string) => (await storedBytes(id)).row.storage_key;
    const [pubKey, staffKey, linkedKey] = [await keyOf(pub.id), await keyOf(staff.id), await keyOf(linkedPub.id)];
    const exists = async (id: string) =>
      (await ctx.database.db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst()) !==
      undefined;

    const config = { publicOrphanHours: 24, staffOrphanHours: 168 };
    const scheduler = new JobScheduler(
      ctx.database.db,
      [orphanAttachmentsJob({ config, db: ctx.database.db, storage: ctx.storage, now: () => new Date(ctx.clock.now) })],
      {
        now: () => new Date(ctx.clock.now),
      },
    );
    await scheduler.register();
    ctx.clock.now = new Date('2026-12-01T23:00:00Z'); // 23 h: nothing yet
    expect(await scheduler.runDue()).toEqual(['orphan-attachments']);
    expect(await exists(pub.id)).toBe(true);

    ctx.clock.now = new Date('2026-12-02T01:00:00Z'); // 25 h: the public orphan goes, file and row
    expect(await scheduler.runDue()).toEqual(['orphan-attachments']);
    expect(await exists(pub.id)).toBe(false);
    expect(ctx.storage.files.has(pubKey)).toBe(false);
    expect(await exists(staff.id)).toBe(true);
    expect(await exists(linkedPub.id)).toBe(true);
    expect(ctx.storage.files.has(linkedKey)).toBe(true);
    // an orphan cannot be linked any more
    const late = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: {
        categoryCode: 'uncivil.public.littering',
        description: '河边有人倾倒建筑垃圾',
        location: P.inGridA1a,
        attachmentIds: [pub.id],
      },
    });
    expect(late.json().error.code).toBe('ATTACHMENT_NOT_FOUND');

    ctx.clock.now = new Date('2026-12-08T01:00:00Z'); // past a week: the staff orphan goes too
    expect(
      await removeOrphanAttachments({
        config,
        db: ctx.database.db,
        storage: ctx.storage,
        now: () => new Date(ctx.clock.now),
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(await exists(staff.id)).toBe(false);
    expect(ctx.storage.files.has(staffKey)).toBe(false);
    expect(await exists(linkedPub.id)).toBe(true);
  });
});

describe('media configuration', () => {
  it('has defaults, and refuses a public limit above the staff one', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv)).toMatchObject({
      maxUploadBytes: 10 * 1024 * 1024,
      publicMaxUploadBytes: 5 * 1024 * 1024,
      maxImagePixels: 40_000_000,
      maxImageSide: 16_384,
      publicOrphanHours: 24,
      staffOrphanHours: 168,
    });
    expect(loadConfig({ MAX_UPLOAD_BYTES: '2097152' } as NodeJS.ProcessEnv).publicMaxUploadBytes).toBe(2097152);
    expect(() =>
      loadConfig({ MAX_UPLOAD_BYTES: '2097152', PUBLIC_MAX_UPLOAD_BYTES: '4194304' } as NodeJS.ProcessEnv),
    ).toThrow(/PUBLIC_MAX_UPLOAD_BYTES/);
    expect(() => loadConfig({ MAX_IMAGE_SIDE: 'big' } as NodeJS.ProcessEnv)).toThrow(/MAX_IMAGE_SIDE/);
  });
});
