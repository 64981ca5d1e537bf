import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, type TestCounty } from '../testing/test-county.js';
import { hashToken } from './auth.hook.js';

let ctx: TestContext;
let county: TestCounty;
const IDLE_MINUTES = 480;

beforeAll(async () => {
  // the default lockout (5 wrong passwords, 15 minutes) and an 8-hour idle timeout
  ctx = await createTestContext({ config: { sessionIdleMinutes: IDLE_MINUTES } });
  county = await buildTestCounty(ctx.database.db);
});
afterAll(async () => ctx?.close());

const advance = (ms: number) => (ctx.clock.now = new Date(ctx.clock.now.getTime() + ms));
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
const me = (authorization: string) =>
  ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
const bearer = async (username: string, password = 'secret123') => {
  const res = await login(username, password);
  expect(res.statusCode, res.body).toBe(200);
  return `Bearer ${res.json().token}`;
};

describe('sign-in lockout', () => {
  it('locks a username after 5 wrong passwords in a row for 15 minutes, even against the right one', async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await login('gw_a1', `wrong-${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const fifth = await login('gw_a1', 'wrong-5');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('AUTH_LOCKED');
    expect(fifth.headers['retry-after']).toBe(String(15 * 60));

    advance(10 * 60_000);
    const right = await login('gw_a1', 'secret123');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('AUTH_LOCKED');
    expect(right.headers['retry-after']).toBe(String(5 * 60));

    advance(5 * 60_000 + 1000);
    expect((await login('gw_a1', 'secret123')).statusCode).toBe(200);
  });

  it('answers a username that does not exist exactly as one that does', async () => {
    const codes: string[] = [];
    for (let i = 1; i <= 6; i++) codes.push((await login('nobody_here', `wrong-${i}`)).json().error.code);
    expect(codes).toEqual([...Array(4).fill('AUTH_INVALID_CREDENTIALS'), 'AUTH_LOCKED', 'AUTH_LOCKED']);
  });

  it('starts the count again after a successful sign-in', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('gw_a2', `wrong-${i}`)).statusCode).toBe(401);
    expect((await login('gw_a2', 'secret123')).statusCode).toBe(200);
    for (let i = 1; i <= 4; i++) expect((await login('gw_a2', `wrong-${i}`)).statusCode).toBe(401);
    expect((await login('gw_a2', 'wrong-5')).json().error.code).toBe('AUTH_LOCKED');
    const rows = await ctx.database.db
      .selectFrom('login_failures')
      .selectAll()
      .where('username', '=', 'gw_a2')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].failures).toBe(5);
  });

  it('counts only failures close together: one after a long pause starts again', async () => {
    for (let i = 1; i <= 4; i++) expect((await login('gh_a', `wrong-${i}`)).statusCode).toBe(401);
    advance(16 * 60_000);
    expect((await login('gh_a', 'wrong-5')).json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('keys the lockout on the username as typed, whatever its case', async () => {
    for (let i = 1; i <= 5; i++) await login(i % 2 ? 'VL_A' : 'vl_a', `wrong-${i}`);
    expect((await login('vl_a', 'secret123')).json().error.code).toBe('AUTH_LOCKED');
  });
});

describe('sessions', () => {
  it('end after the idle timeout without use, and each use starts it again', async () => {
    const auth = await bearer('police_a');
    advance((IDLE_MINUTES - 1) * 60_000);
    expect((await me(auth)).statusCode).toBe(200);
    advance((IDLE_MINUTES - 1) * 60_000);
    expect((await me(auth)).statusCode).toBe(200);
    advance((IDLE_MINUTES + 1) * 60_000);
    const expired = await me(auth);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('sign out everywhere ends every session of the user and no one else’s', async () => {
    const first = await bearer('team_a');
    const second = await bearer('team_a');
    const other = await bearer('sec_a');
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      headers: { authorization: first },
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().revoked).toBe(2);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
  });

  it('lists the user’s own live sessions with their client, marking the current one', async () => {
    const phone = `Bearer ${(await login('sec_a2', 'secret123', { 'user-agent': 'YiwangPhone/1.0' })).json().token}`;
    const desk = `Bearer ${(await login('sec_a2', 'secret123', { 'user-agent': 'DeskBrowser/2.0' })).json().token}`;
    await bearer('county_op');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { authorization: desk } });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      current: boolean;
      userAgent: string;
      clientAddress: string;
      createdAt: string;
      lastUsedAt: string;
    }[];
    expect(items.map((i) => i.userAgent).sort()).toEqual(['DeskBrowser/2.0', 'YiwangPhone/1.0']);
    expect(items.find((i) => i.current)?.userAgent).toBe('DeskBrowser/2.0');
    expect(items.every((i) => i.clientAddress === '127.0.0.1' && i.createdAt && i.lastUsedAt)).toBe(true);
    await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: phone } });
    const after = await ctx.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { authorization: desk } });
    expect(after.json().items).toHaveLength(1);
  });

  it('end when the person is deactivated, and do not come back when reactivated', async () => {
    const auth = await bearer('town_b_op');
    const id = county.people.town_b_op;
    await ctx.database.db.updateTable('people').set({ active: false }).where('id', '=', id).execute();
    expect((await me(auth)).statusCode).toBe(401);
    await ctx.database.db.updateTable('people').set({ active: true }).where('id', '=', id).execute();
    expect((await me(auth)).statusCode).toBe(401);
    const row = await ctx.database.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('token_hash', '=', hashToken(auth.slice(7)))
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });
});

describe('changing one’s password', () => {
  const change = (authorization: string, currentPassword: string, newPassword: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization },
      payload: { currentPassword, newPassword },
    });

  it('requires the current password and a password that meets the policy', async () => {
    const auth = await bearer('leader');
    const wrong = await change(auth, 'not-it-at-all', 'river-stone-lamp-7');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('PASSWORD_INCORRECT');
    const weak = await change(auth, 'secret123', 'leader2024!');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({
      code: 'PASSWORD_TOO_WEAK',
      details: { problems: ['contains_username'] },
    });
    expect((await change(auth, 'secret123', 'Password123!')).json().error.details.problems).toEqual(['common']);
    expect((await change(auth, 'secret123', 'short1')).json().error.details.problems).toEqual(['too_short']);
    // nothing changed: the old password still signs in
    expect((await me(auth)).statusCode).toBe(200);
    expect((await login('leader', 'secret123')).statusCode).toBe(200);
  });

  it('ends every other session and gives this client a fresh one', async () => {
    const here = await bearer('town_a_op');
    const elsewhere = await bearer('town_a_op');
    const res = await change(here, 'secret123', 'river-stone-lamp-7');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.cookies.find((c) => c.name === 'yw_session')?.value).toBe(res.json().token);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await me(here)).statusCode).toBe(401);
    expect((await me(`Bearer ${res.json().token}`)).statusCode).toBe(200);
    expect((await login('town_a_op', 'secret123')).statusCode).toBe(401);
    expect((await login('town_a_op', 'river-stone-lamp-7')).statusCode).toBe(200);
    // the same password again is refused
    const again = await change(`Bearer ${res.json().token}`, 'river-stone-lamp-7', 'river-stone-lamp-7');
    expect(again.json().error).toMatchObject({ code: 'PASSWORD_TOO_WEAK', details: { problems: ['same_as_current'] } });
  });

  it('counts wrong current passwords towards the lockout', async () => {
    const auth = await bearer('gw_b1');
    for (let i = 1; i <= 4; i++)
      expect((await change(auth, `wrong-${i}`, 'river-stone-lamp-7')).json().error.code).toBe('PASSWORD_INCORRECT');
    expect((await change(auth, 'wrong-5', 'river-stone-lamp-7')).json().error.code).toBe('AUTH_LOCKED');
    expect((await change(auth, 'secret123', 'river-stone-lamp-7')).json().error.code).toBe('AUTH_LOCKED');
  });
});
