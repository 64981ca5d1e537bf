/**
 * 账号管理 through the HTTP layer (embedded database, and PostgreSQL when TEST_DATABASE_URL is set):
 * a command centre resets, unlocks, deactivates and reactivates the sign-in of its people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, type TestCounty } from '../testing/test-county.js';

let ctx: TestContext;
let county: TestCounty;

beforeAll(async () => {
  ctx = await createTestContext();
  county = await buildTestCounty(ctx.database.db);
});
afterAll(async () => ctx?.close());

const login = (username: string, password = 'secret123') =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const bearer = async (username: string, password = 'secret123') => {
  const res = await login(username, password);
  expect(res.statusCode, res.body).toBe(200);
  return `Bearer ${res.json().token}`;
};
const get = (authorization: string, url: string) => ctx.app.inject({ method: 'GET', url, headers: { authorization } });
const post = (authorization: string, url: string, payload: object = {}) =>
  ctx.app.inject({ method: 'POST', url, headers: { authorization }, payload });
const manage = async (
  operator: string,
  person: string,
  action: 'password-reset' | 'unlock' | 'deactivate' | 'reactivate',
) => post(await bearer(operator), `/api/people/${county.people[person]}/${action}`);

describe('password reset (重置密码)', () => {
  it('hands out a temporary password that signs in, in place of the old one, and ends the old sessions', async () => {
    const oldSession = await bearer('gw_a2');
    expect((await get(oldSession, '/api/auth/me')).statusCode).toBe(200);

    const res = await manage('town_a_op', 'gw_a2', 'password-reset');
    expect(res.statusCode, res.body).toBe(200);
    const { temporaryPassword, account } = res.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z2-9]{12}$/);
    expect(account).toMatchObject({
      id: county.people.gw_a2,
      username: 'gw_a2',
      active: true,
      mustChangePassword: true,
      lockedUntil: null,
    });

    expect((await get(oldSession, '/api/auth/me')).json().error.code).toBe('AUTH_SESSION_EXPIRED');
    expect((await login('gw_a2')).json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const signIn = await login('gw_a2', temporaryPassword);
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().mustChangePassword).toBe(true);
  });

  it('lets the person do nothing but set their own password until they have, then everything', async () => {
    const temporary = (await manage('county_op', 'police_a', 'password-reset')).json().temporaryPassword as string;
    const auth = await bearer('police_a', temporary);

    const meBefore = await get(auth, '/api/auth/me');
    expect(meBefore.statusCode).toBe(200);
    expect(meBefore.json().user.mustChangePassword).toBe(true);
    expect((await get(auth, '/api/auth/sessions')).statusCode).toBe(200);
    for (const res of [
      await get(auth, '/api/events'),
      await get(auth, '/api/categories'),
      await post(auth, '/api/events', { description: 'x' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    // a public route answers as to anyone
    expect((await get(auth, '/api/health')).statusCode).toBe(200);

    const changed = await post(auth, '/api/auth/password', {
      currentPassword: temporary,
      newPassword: 'river-stone-lamp-7',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const fresh = `Bearer ${changed.json().token}`;
    expect((await get(fresh, '/api/auth/me')).json().user.mustChangePassword).toBe(false);
    expect((await get(fresh, '/api/events')).statusCode).toBe(200);
    const again = await login('police_a', 'river-stone-lamp-7');
    expect(again.json().mustChangePassword).toBe(false);
  });

  it('keeps the temporary password out of the audit trail', async () => {
    const res = await manage('town_a_op', 'team_a', 'password-reset');
    const { temporaryPassword } = res.json();
    const rows = await ctx.database.db.selectFrom('audit_records').selectAll().execute();
    const record = rows.find(
      (r) =>
        r.action === 'POST /api/people/:id/password-reset' &&
        r.target_id === String(county.people.team_a) &&
        r.status === 200,
    );
    expect(record).toMatchObject({ target_type: 'people', actor_id: county.people.town_a_op });
    expect(JSON.stringify(rows)).not.toContain(temporaryPassword);
  });

  it('clears the lockout with the reset', async () => {
    for (let i = 1; i <= 5; i++) await login('gh_a', `wrong-${i}`);
    expect((await login('gh_a')).json().error.code).toBe('AUTH_LOCKED');
    const { temporaryPassword } = (await manage('town_a_op', 'gh_a', 'password-reset')).json();
    expect((await login('gh_a', temporaryPassword)).statusCode).toBe(200);
  });

  it('refuses one’s own account and a person without a username', async () => {
    const self = await manage('town_a_op', 'town_a_op', 'password-reset');
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('ACCOUNT_SELF_ACTION');
    const { id } = await ctx.database.db
      .insertInto('people')
      .values({
        name: '无账号',
        role: 'grid_worker',
        jurisdiction_code: '620999100201001',
        department_id: null,
        username: null,
        password_hash: null,
        phone: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await post(await bearer('town_a_op'), `/api/people/${id}/password-reset`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PERSON_HAS_NO_LOGIN');
  });
});

describe('unlock (解锁)', () => {
  it('lets a locked user sign in at once', async () => {
    for (let i = 1; i <= 5; i++) await login('vl_a', `wrong-${i}`);
    expect((await login('vl_a')).json().error.code).toBe('AUTH_LOCKED');
    // the people list says who is locked, and until when
    const lockedOf = async () => {
      const list = await get(await bearer('county_op'), '/api/people?pageSize=100');
      return list.json().items.find((p: { id: number }) => p.id === county.people.vl_a).lockedUntil as string | null;
    };
    expect(Date.parse((await lockedOf())!)).toBeGreaterThan(ctx.clock.now.getTime());
    const res = await manage('county_op', 'vl_a', 'unlock');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ cleared: true, account: { lockedUntil: null, mustChangePassword: false } });
    expect(await lockedOf()).toBeNull();
    expect((await login('vl_a')).statusCode).toBe(200);
  });
});

describe('deactivate and reactivate (停用 / 启用)', () => {
  it('ends the sessions and refuses sign-in, and reactivating restores it', async () => {
    const session = await bearer('sec_a2');
    const off = await manage('town_a_op', 'sec_a2', 'deactivate');
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().account.active).toBe(false);
    expect((await get(session, '/api/auth/me')).json().error.code).toBe('AUTH_SESSION_EXPIRED');
    expect((await login('sec_a2')).json().error.code).toBe('AUTH_INVALID_CREDENTIALS');

    const on = await manage('town_a_op', 'sec_a2', 'reactivate');
    expect(on.json().account.active).toBe(true);
    expect((await get(await bearer('sec_a2'), '/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses deactivating oneself', async () => {
    const res = await manage('county_op', 'county_op', 'deactivate');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ACCOUNT_SELF_ACTION');
    expect((await get(await bearer('county_op'), '/api/auth/me')).statusCode).toBe(200);
  });
});

describe('who may manage whom', () => {
  it('hides a person of another town from a town centre (404), as if absent', async () => {
    for (const action of ['password-reset', 'unlock', 'deactivate', 'reactivate'] as const) {
      const res = await manage('town_a_op', 'gw_b1', action);
      expect(res.statusCode, action).toBe(404);
      expect(res.json().error.code).toBe('PERSON_NOT_FOUND');
    }
    const missing = await post(await bearer('town_a_op'), '/api/people/999999/unlock');
    expect(missing.json().error.code).toBe('PERSON_NOT_FOUND');
    expect((await login('gw_b1')).statusCode).toBe(200);
  });

  it('refuses every other role (403), whoever the person', async () => {
    for (const user of ['gw_a1', 'sec_a', 'leader', 'dept_yjj', 'citizen1']) {
      const res = await manage(user, 'gw_a1', 'deactivate');
      expect(res.statusCode, user).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await login('gw_a1')).statusCode).toBe(200);
  });
});
