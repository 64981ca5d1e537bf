import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandler } from '../http/error-handler.js';
import { registerPublicMediaGuard } from './public-media-guard.js';
import { buildGif, buildJpeg, containsBytes, GPS_LATITUDE } from '../../core/attachments/test-images.js';
import { readImageSize } from '../../core/attachments/image-formats.js';

// routes that make the mistakes a future public route could make: sending a stored file as it is
let app: FastifyInstance;
const photo = buildJpeg({ width: 16, height: 16 });
beforeAll(async () => {
  app = Fastify();
  app.decorateRequest('user', null);
  registerErrorHandler(app);
  registerPublicMediaGuard(app);
  app.get('/api/public/leak', { config: { public: true } }, async (_request, reply) =>
    reply.type('image/jpeg').send(Buffer.from(photo)),
  );
  app.get('/api/public/leak-gif', { config: { public: true } }, async (_request, reply) =>
    reply.type('image/gif').send(Buffer.from(buildGif({ width: 2, height: 2 }))),
  );
  app.get('/api/public/pdf', { config: { public: true } }, async (_request, reply) =>
    reply.type('application/pdf').send(Buffer.from('%PDF-1.7\n')),
  );
  app.get('/api/public/stream', { config: { public: true } }, async (_request, reply) =>
    reply.type('image/jpeg').send(Readable.from([Buffer.from(photo)])),
  );
  app.get('/api/public/json', { config: { public: true } }, async () => ({ ok: true }));
  app.get('/api/staff/photo', async (request, reply) => {
    request.user = {
      id: 1,
      name: 'x',
      role: 'town_operator',
      jurisdictionCode: '620999100000',
      jurisdictionLevel: 'town',
      jurisdictionName: 'x',
      departmentId: null,
    };
    return reply.type('image/jpeg').send(Buffer.from(photo));
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
});

describe('no public response carries file metadata', () => {
  it('removes it from a photo a public route sends as stored', async () => {
    for (const url of ['/api/public/leak', '/api/public/leak-gif']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(containsBytes(res.rawPayload, GPS_LATITUDE)).toBe(false);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    }
    const jpeg = await app.inject({ method: 'GET', url: '/api/public/leak' });
    expect(readImageSize(jpeg.rawPayload, 'image/jpeg')).toEqual({ width: 16, height: 16 });
  });

  it('refuses files it cannot clean or check', async () => {
    const pdf = await app.inject({ method: 'GET', url: '/api/public/pdf' });
    expect([pdf.statusCode, pdf.json().error.code]).toEqual([403, 'ATTACHMENT_NOT_PUBLIC']);
    const stream = await app.inject({ method: 'GET', url: '/api/public/stream' });
    expect(stream.statusCode).toBe(500);
    expect(containsBytes(stream.rawPayload, GPS_LATITUDE)).toBe(false);
  });

  it('leaves JSON alone, and the staff their evidence', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/public/json' })).json()).toEqual({ ok: true });
    const staff = await app.inject({ method: 'GET', url: '/api/staff/photo' });
    expect(containsBytes(staff.rawPayload, GPS_LATITUDE)).toBe(true);
  });
});
