/**
 * Responses are compressed when the browser accepts it (the map's boundaries and points run to
 * megabytes of GeoJSON), decompress to exactly the plain body, and small answers are sent as is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty } from '../testing/test-county.js';

let ctx: TestContext;
let auth: { authorization: string };
const URL = '/api/geo/boundaries?level=grid';

beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
  auth = await ctx.login('county_op');
}, 60_000);
afterAll(async () => {
  await ctx?.close();
});

describe('response compression', () => {
  it('sends brotli or gzip as the browser asks, decompressing to the same body', async () => {
    const plain = await ctx.app.inject({
      method: 'GET',
      url: URL,
      headers: { ...auth, 'accept-encoding': 'identity' },
    });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const br = await ctx.app.inject({ method: 'GET', url: URL, headers: { ...auth, 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);

    const gz = await ctx.app.inject({ method: 'GET', url: URL, headers: { ...auth, 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
  });

  it('leaves small answers and errors uncompressed', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'gzip' } });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json().ok).toBe(true);
    const refused = await ctx.app.inject({ method: 'GET', url: URL, headers: { 'accept-encoding': 'gzip' } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('AUTH_REQUIRED');
  });
});
