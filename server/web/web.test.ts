/**
 * The web app's serving, over a tiny fixture build (the real Vite build never runs in tests):
 * files, hashed assets cached for good, the SPA fallback for page paths, the API untouched and
 * still authenticated, and a plain page when nothing is built. Also when `npm start` rebuilds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { webBuildState } from './web-build.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-web-'));
const dist = path.join(tmp, 'dist');
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Abc123.js"></script></head><body><div id="root"></div></body></html>';

let ctx: TestContext;
let bare: TestContext;

beforeAll(async () => {
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'assets', 'index-Abc123.js'), 'console.log("一网")');
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // one at a time: a database starting blocks the event loop long enough to time out the other app's plugins
  ctx = await createTestContext({ config: { webDistDir: dist } });
  bare = await createTestContext({ config: { webDistDir: path.join(tmp, 'missing') } });
}, 60_000);
afterAll(async () => {
  await Promise.all([ctx?.close(), bare?.close()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the built web app at /', () => {
  it('serves index.html at / and for every page path, never cached, without a session', async () => {
    for (const url of ['/', '/dashboard', '/events/42', '/login?next=%2Fdashboard', '/index.html']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toBe(INDEX);
    }
    const head = await ctx.app.inject({ method: 'HEAD', url: '/dashboard' });
    expect(head.statusCode).toBe(200);
  });

  it('serves hashed assets with a year-long immutable cache, other files briefly', async () => {
    const asset = await ctx.app.inject({ method: 'GET', url: '/assets/index-Abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log("一网")');
    const icon = await ctx.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers 404 for a missing file rather than HTML, and never leaves the folder', async () => {
    for (const url of [
      '/assets/index-Old999.js',
      '/robots.txt',
      '/../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('"name": "yiwang"');
    }
  });

  it('leaves the API alone: unknown API paths are JSON 404s, API routes still need a session', async () => {
    const unknown = await ctx.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    const post = await ctx.app.inject({ method: 'POST', url: '/dashboard' });
    expect(post.statusCode).toBe(404);
    const health = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json().ok).toBe(true);
  });

  it('says the app is not built yet (503) when there is no build, and the API still works', async () => {
    const res = await bare.app.inject({ method: 'GET', url: '/dashboard' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('网页尚未构建');
    expect(res.body).toContain('npm run build:web');
    const health = await bare.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});

describe('webBuildState', () => {
  it('is missing without a build, stale when a source is newer, fresh otherwise', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-webroot-'));
    const web = path.join(root, 'web');
    const out = path.join(web, 'dist');
    fs.mkdirSync(path.join(web, 'src'), { recursive: true });
    const source = path.join(web, 'src', 'main.tsx');
    fs.writeFileSync(source, 'export {}');
    expect(webBuildState(out, web)).toBe('missing');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'index.html'), INDEX);
    const t = Date.now() / 1000;
    fs.utimesSync(source, t - 100, t - 100);
    fs.utimesSync(path.join(out, 'index.html'), t - 50, t - 50);
    expect(webBuildState(out, web)).toBe('fresh');
    // a test file does not make the build stale; a source does
    fs.writeFileSync(path.join(web, 'src', 'main.test.tsx'), '');
    expect(webBuildState(out, web)).toBe('fresh');
    fs.utimesSync(source, t, t);
    expect(webBuildState(out, web)).toBe('stale');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
