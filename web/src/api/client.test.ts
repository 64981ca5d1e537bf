import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthorized, withQuery } from './client';

function respond(status: number, body: unknown) {
  return vi.fn(
    async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('builds query strings without empty values', () => {
    expect(
      withQuery('/api/analytics/kpis', {
        preset: 'this_month',
        kpis: undefined,
        scope: '',
        page: 2,
        risk: ['red', 'yellow'],
      }),
    ).toBe('/api/analytics/kpis?preset=this_month&page=2&risk=red&risk=yellow');
  });

  it('sends JSON with the session cookie and returns the body', async () => {
    const fetch = respond(200, { ok: true });
    vi.stubGlobal('fetch', fetch);
    expect(await api.post('/api/events/1/actions/accept', { note: '已签收' })).toEqual({ ok: true });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/events/1/actions/accept');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"note":"已签收"}');
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
    // the server's CSRF check (server/http/security-csrf.ts) lets a cookie-signed change through with it
    expect((init.headers as Record<string, string>)['x-requested-with']).toBe('yiwang');
  });

  it('raises the server’s error code and message', async () => {
    vi.stubGlobal(
      'fetch',
      respond(409, {
        error: { code: 'EVENT_ILLEGAL_TRANSITION', message: 'cannot close an event that is dispatched' },
      }),
    );
    const error = (await api.post('/api/events/1/actions/close').catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('EVENT_ILLEGAL_TRANSITION');
    expect(error.message).toBe('cannot close an event that is dispatched');
  });

  it('tells the app on 401 so it can send the user to the login page, except when asked not to', async () => {
    vi.stubGlobal('fetch', respond(401, { error: { code: 'AUTH_SESSION_EXPIRED', message: 'sign in again' } }));
    const handler = vi.fn();
    const off = onUnauthorized(handler);
    await expect(api.get('/api/events')).rejects.toMatchObject({ code: 'AUTH_SESSION_EXPIRED' });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(api.get('/api/auth/me', undefined, { quietUnauthorized: true })).rejects.toMatchObject({
      status: 401,
    });
    expect(handler).toHaveBeenCalledTimes(1);
    off();
  });

  it('reports an unreachable server as NETWORK', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.get('/api/health')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
