import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P } from '../testing/test-county.js';
import { ConfigError, loadConfig, type RateLimitConfig } from '../config.js';
import { contentSecurityPolicy } from './security-headers.js';
import { FixedWindowLimiter } from './security-rate-limit.js';

const LIMITS: RateLimitConfig = {
  windowSeconds: 60,
  loginPerAddress: 4,
  loginPerUsername: 2,
  publicWritesPerAddress: 2,
  publicReadsPerAddress: 3,
  perToken: 2,
};
const ALLOWED_ORIGIN = 'https://partner.example.cn';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-security-'));

let ctx: TestContext; // defaults: CORS closed; no rate limits (the test context's)
let limited: TestContext; // rate limits on, CORS_ORIGINS set, behind a trusted proxy

beforeAll(async () => {
  const dist = path.join(tmp, 'dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>一网</title>');
  ctx = await createTestContext({ config: { webDistDir: dist } });
  await buildTestCounty(ctx.database.db);
  limited = await createTestContext({
    config: { rateLimits: LIMITS, corsOrigins: [ALLOWED_ORIGIN], trustProxy: true },
  });
  await buildTestCounty(limited.database.db);
});
afterAll(async () => {
  await ctx?.close();
  await limited?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const cookieOf = async (c: TestContext, username: string) => {
  const res = await c.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'secret123' },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.cookies.find((k) => k.name === 'yw_session')!.value;
};

describe('security headers', () => {
  const expectHeaders = (headers: Record<string, unknown>) => {
    expect(headers['content-security-policy']).toBe(contentSecurityPolicy({ mapTiles: null }));
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy']).toBe('geolocation=(self), camera=(self), microphone=()');
    expect(headers['strict-transport-security']).toBeUndefined();
  };

  it('are on API answers, errors, the not-found page and the web app', async () => {
    for (const url of ['/api/health', '/api/events', '/api/nothing-here', '/', '/events/12']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expectHeaders(res.headers);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/' })).body).toContain('一网');
  });

  it('are on a compressed answer too', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/public/categories',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expectHeaders(res.headers);
  });

  it('build a policy that lets the map fetch its tiles and start its workers, and nothing else from outside', () => {
    const csp = contentSecurityPolicy({
      mapTiles: {
        tiles: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}&tk=k',
        subdomains: ['0', '1'],
        crs: 'wgs84',
        attribution: null,
        maxZoom: 18,
        tileSize: 256,
      },
    });
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    expect(directive('img-src')).toBe(
      "img-src 'self' data: blob: https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn",
    );
    expect(directive('connect-src')).toBe("connect-src 'self' https://t0.tianditu.gov.cn https://t1.tianditu.gov.cn");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('worker-src')).toBe("worker-src 'self' blob:");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  it('pin HTTPS (HSTS) only when the cookie is marked secure', async () => {
    const secure = await createTestContext({ config: { cookieSecure: true } });
    try {
      expect(
        (await secure.app.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security'],
      ).toBe('max-age=31536000');
    } finally {
      await secure.close();
    }
  });
});

describe('CORS', () => {
  const preflight = (c: TestContext, origin: string) =>
    c.app.inject({
      method: 'OPTIONS',
      url: '/api/events',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });

  it('is closed by default: preflights refused, no Access-Control headers', async () => {
    const res = await preflight(ctx, 'https://elsewhere.example');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CORS_REJECTED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await ctx.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(simple.statusCode).toBe(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an origin in CORS_ORIGINS, and only that one', async () => {
    const res = await preflight(limited, ALLOWED_ORIGIN);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(res.headers['access-control-allow-headers'])).toContain('authorization');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const simple = await limited.app.inject({ method: 'GET', url: '/api/health', headers: { origin: ALLOWED_ORIGIN } });
    expect(simple.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(simple.headers.vary)).toContain('Origin');
    expect((await preflight(limited, 'https://elsewhere.example')).statusCode).toBe(403);
    const other = await limited.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CSRF: changes carried by the session cookie', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await cookieOf(ctx, 'sec_a');
  });
  // an invalid report: 400 VALIDATION_FAILED when the request gets through, 403 CSRF_REJECTED when it does not
  const post = (c: TestContext, headers: Record<string, string>, cookies?: Record<string, string>) =>
    c.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { host: 'yiwang.example.cn', ...headers },
      cookies,
      payload: { description: '' },
    });
  const code = async (res: Promise<{ json(): { error?: { code: string } } }>) => (await res).json().error?.code;

  it('refuses one with no Origin, no Referer and no X-Requested-With', async () => {
    expect(await code(post(ctx, {}, { yw_session: cookie }))).toBe('CSRF_REJECTED');
    expect((await post(ctx, {}, { yw_session: cookie })).statusCode).toBe(403);
  });

  it('refuses one from another site, by Origin or Referer, even with the header', async () => {
    expect(await code(post(ctx, { origin: 'https://evil.example' }, { yw_session: cookie }))).toBe('CSRF_REJECTED');
    expect(await code(post(ctx, { origin: 'null' }, { yw_session: cookie }))).toBe('CSRF_REJECTED');
    expect(await code(post(ctx, { referer: 'https://evil.example/page' }, { yw_session: cookie }))).toBe(
      'CSRF_REJECTED',
    );
    expect(
      await code(
        post(
          ctx,
          { origin: 'https://yiwang.example.cn.evil.example', 'x-requested-with': 'yiwang' },
          { yw_session: cookie },
        ),
      ),
    ).toBe('CSRF_REJECTED');
    expect(await code(post(ctx, { origin: 'https://yiwang.example.cn:8443' }, { yw_session: cookie }))).toBe(
      'CSRF_REJECTED',
    );
  });

  it('lets through one from this site, by Origin, Referer, or the web app’s header', async () => {
    expect(await code(post(ctx, { origin: 'https://yiwang.example.cn' }, { yw_session: cookie }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(post(ctx, { origin: 'http://yiwang.example.cn' }, { yw_session: cookie }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(post(ctx, { referer: 'https://yiwang.example.cn/events/new' }, { yw_session: cookie }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(post(ctx, { 'x-requested-with': 'yiwang' }, { yw_session: cookie }))).toBe('VALIDATION_FAILED');
    expect(
      await code(post(ctx, { host: 'localhost:3000', origin: 'http://localhost:3000' }, { yw_session: cookie })),
    ).toBe('VALIDATION_FAILED');
  });

  it('lets through an origin listed in CORS_ORIGINS', async () => {
    const partnerCookie = await cookieOf(limited, 'sec_a');
    expect(await code(post(limited, { origin: ALLOWED_ORIGIN }, { yw_session: partnerCookie }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(post(limited, { origin: 'https://evil.example' }, { yw_session: partnerCookie }))).toBe(
      'CSRF_REJECTED',
    );
  });

  it('does not check bearer requests or reads', async () => {
    const { authorization } = await ctx.login('sec_a');
    expect(await code(post(ctx, { authorization, origin: 'https://evil.example' }))).toBe('VALIDATION_FAILED');
    const read = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { origin: 'https://evil.example' },
      cookies: { yw_session: cookie },
    });
    expect(read.statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  const report = (address: string) =>
    limited.app.inject({
      method: 'POST',
      url: '/api/public/events',
      headers: { 'x-forwarded-for': address },
      payload: { categoryCode: 'uncivil.public.littering', description: '河边有人倾倒建筑垃圾', location: P.inGridA1a },
    });
  const advance = (ms: number) => (limited.clock.now = new Date(limited.clock.now.getTime() + ms));

  it('limit public reports per client address, with Retry-After, until the window passes', async () => {
    expect((await report('203.0.113.1')).statusCode).toBe(201);
    expect((await report('203.0.113.1')).statusCode).toBe(201);
    const third = await report('203.0.113.1');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('RATE_LIMITED');
    expect(third.json().error.message).toMatch(/too many requests from your address; try again in \d+ s/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
    // another address (behind the trusted proxy, X-Forwarded-For names the client) is not affected
    expect((await report('203.0.113.2')).statusCode).toBe(201);
    advance(61_000);
    expect((await report('203.0.113.1')).statusCode).toBe(201);
  });

  it('limit public reads per address, apart from writes, and not health', async () => {
    const read = () =>
      limited.app.inject({
        method: 'GET',
        url: '/api/public/categories',
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
    for (let i = 0; i < 3; i++) expect((await read()).statusCode).toBe(200);
    expect((await read()).statusCode).toBe(429);
    for (let i = 0; i < 10; i++)
      expect(
        (
          await limited.app.inject({
            method: 'GET',
            url: '/api/health',
            headers: { 'x-forwarded-for': '198.51.100.7' },
          })
        ).statusCode,
      ).toBe(200);
  });

  it('limit a tracking token whoever asks', async () => {
    const token = 'a'.repeat(32);
    const track = (address: string) =>
      limited.app.inject({
        method: 'GET',
        url: `/api/public/events/${token}`,
        headers: { 'x-forwarded-for': address },
      });
    expect((await track('192.0.2.1')).statusCode).toBe(404);
    expect((await track('192.0.2.2')).statusCode).toBe(404);
    const third = await track('192.0.2.3');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.message).toMatch(/tracking code/);
    expect(
      (
        await limited.app.inject({
          method: 'GET',
          url: `/api/public/events/${'b'.repeat(32)}`,
          headers: { 'x-forwarded-for': '192.0.2.3' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('limit sign-in per username whatever the address, and per address whatever the username', async () => {
    const attempt = (username: string, address: string) =>
      limited.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': address },
        payload: { username, password: 'secret123' },
      });
    expect((await attempt('gw_a1', '10.1.0.1')).statusCode).toBe(200);
    expect((await attempt('gw_a1', '10.1.0.2')).statusCode).toBe(200);
    const third = await attempt('gw_a1', '10.1.0.3');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.message).toMatch(/this username/);
    for (const username of ['gw_a2', 'gh_a', 'sec_a', 'police_a'])
      expect((await attempt(username, '10.2.0.1')).statusCode).toBe(200);
    const fifth = await attempt('vl_a', '10.2.0.1');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.message).toMatch(/your address/);
    expect(fifth.headers['retry-after']).toBeDefined();
  });

  it('ignore X-Forwarded-For unless TRUST_PROXY says the proxy is trusted', async () => {
    const direct = await createTestContext({ config: { rateLimits: { ...LIMITS, publicReadsPerAddress: 1 } } });
    try {
      const read = (address: string) =>
        direct.app.inject({ method: 'GET', url: '/api/public/categories', headers: { 'x-forwarded-for': address } });
      expect((await read('198.51.100.1')).statusCode).toBe(200);
      // a forged header does not make a new client: the connection's address is the key
      expect((await read('198.51.100.2')).statusCode).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('hold memory only for clients of the current window', () => {
    let now = 0;
    const limiter = new FixedWindowLimiter(1, 1000, () => now);
    for (let i = 0; i < 100; i++) limiter.hit(`client-${i}`);
    expect(limiter.size).toBe(100);
    now = 1000;
    limiter.hit('late');
    expect(limiter.size).toBe(1);
    expect(new FixedWindowLimiter(0, 1000, () => now).hit('x').allowed).toBe(true);
  });
});

describe('body limits', () => {
  it('refuse a public or sign-in JSON body over PUBLIC_BODY_LIMIT_BYTES, but not a staff one', async () => {
    const big = '报'.repeat(30_000); // ~90 kB of UTF-8
    const pub = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/events',
      payload: { categoryCode: 'x', description: big },
    });
    expect(pub.statusCode).toBe(413);
    expect(pub.json().error.code).toBe('BODY_TOO_LARGE');
    const signIn = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x', password: big },
    });
    expect(signIn.statusCode).toBe(413);
    const { authorization } = await ctx.login('sec_a');
    const staff = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization },
      payload: { categoryCode: 'x', description: big },
    });
    expect(staff.statusCode).not.toBe(413);
  });
});

describe('configuration', () => {
  const env = (vars: Record<string, string>) => ({ LOG_LEVEL: 'silent', ...vars }) as NodeJS.ProcessEnv;

  it('has safe defaults: limits on, CORS closed, no proxy trusted, an idle timeout', () => {
    const config = loadConfig(env({}));
    expect(config.corsOrigins).toEqual([]);
    expect(config.trustProxy).toBe(false);
    expect(config.sessionIdleMinutes).toBe(480);
    expect(config.loginLockout).toEqual({ failures: 5, minutes: 15 });
    expect(config.rateLimits).toEqual({
      windowSeconds: 60,
      loginPerAddress: 30,
      loginPerUsername: 10,
      publicWritesPerAddress: 30,
      publicReadsPerAddress: 300,
      perToken: 60,
    });
    expect(config.publicBodyLimitBytes).toBe(64 * 1024);
  });

  it('reads CORS_ORIGINS and TRUST_PROXY, refusing what is not an origin or a proxy', () => {
    expect(loadConfig(env({ CORS_ORIGINS: 'https://a.example.cn, http://b.example.cn:8080/' })).corsOrigins).toEqual([
      'https://a.example.cn',
      'http://b.example.cn:8080',
    ]);
    expect(() => loadConfig(env({ CORS_ORIGINS: 'https://a.example.cn/path' }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ CORS_ORIGINS: '*' }))).toThrow(/CORS_ORIGINS/);
    expect(loadConfig(env({ TRUST_PROXY: 'true' })).trustProxy).toBe(true);
    expect(loadConfig(env({ TRUST_PROXY: '2' })).trustProxy).toBe(2);
    expect(loadConfig(env({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' })).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig(env({ TRUST_PROXY: 'my proxy' }))).toThrow(/TRUST_PROXY/);
  });
});
