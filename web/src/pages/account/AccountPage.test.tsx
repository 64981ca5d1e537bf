// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { renderWithApp } from '../../testing/render';
import { AuthProvider } from '../../app/auth';
import { RequireAuth } from '../../app/RequireAuth';
import type { SessionUser } from '../../api/types';
import { mockFetch } from '../../testing/mock-fetch';
import { AppRoutes } from '../../app/App';
import AccountPage from './AccountPage';

const worker: SessionUser = {
  id: 7,
  name: 'Wang',
  role: 'grid_worker',
  roleName: 'grid worker',
  jurisdictionCode: '620102001001001',
  jurisdictionLevel: 'grid',
  jurisdictionName: 'East grid 1',
  departmentId: null,
};

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const WECHAT_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003130) NetType/WIFI Language/zh_CN';

const sessions = {
  items: [
    {
      id: 'aaaaaaaaaaaa',
      current: false,
      createdAt: '2026-11-20T01:00:00.000Z',
      lastUsedAt: '2026-11-23T02:00:00.000Z',
      expiresAt: '2026-11-27T01:00:00.000Z',
      userAgent: WECHAT_IPHONE,
      clientAddress: '10.0.0.9',
    },
    {
      id: 'bbbbbbbbbbbb',
      current: true,
      createdAt: '2026-11-24T01:30:00.000Z',
      lastUsedAt: '2026-11-24T02:00:00.000Z',
      expiresAt: '2026-11-25T01:30:00.000Z',
      userAgent: CHROME_WINDOWS,
      clientAddress: '192.168.1.20',
    },
  ],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The login page's stand-in: where the app went. */
function LoginProbe() {
  const location = useLocation();
  return <output data-testid="login-page">{location.pathname + location.search}</output>;
}

function renderAccount() {
  return renderWithApp(
    <AuthProvider initial={{ status: 'signed-in', user: worker }}>
      <Routes>
        <Route
          path="/account"
          element={
            <RequireAuth>
              <AccountPage />
            </RequireAuth>
          }
        />
        <Route path="/login" element={<LoginProbe />} />
      </Routes>
    </AuthProvider>,
    { path: '/account' },
  );
}

const posts = (fetch: ReturnType<typeof mockFetch>, path: string) =>
  fetch.mock.calls.filter(
    ([u, init]) => new URL(String(u), 'http://localhost').pathname === path && init?.method === 'POST',
  );

function fillPasswords(current: string, next: string, repeat = next) {
  fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('新密码'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('再次输入新密码'), { target: { value: repeat } });
  fireEvent.click(screen.getByTestId('password-submit'));
}

describe('AccountPage', () => {
  it('shows the password policy and sends the current and new password; the server’s PASSWORD_TOO_WEAK problems appear as a list', async () => {
    const fetch = mockFetch((url, init) => {
      if (url.pathname === '/api/auth/sessions') return { body: sessions };
      if (url.pathname === '/api/auth/password' && init?.method === 'POST')
        return {
          status: 400,
          body: {
            error: {
              code: 'PASSWORD_TOO_WEAK',
              message: 'the password is too weak',
              details: { problems: ['too_short', 'common'] },
            },
          },
        };
      return undefined;
    });
    renderAccount();
    expect(screen.getByTestId('password-policy').textContent).toContain('至少 10 个字符');
    fillPasswords('Old-secret-1', 'abc123');
    const list = await screen.findByTestId('password-problems');
    const sent = posts(fetch, '/api/auth/password');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(String(sent[0][1]!.body))).toEqual({ currentPassword: 'Old-secret-1', newPassword: 'abc123' });
    const items = [...list.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual(['至少 10 个字符', '不能是常用密码（如 Password123!、qwerty、5201314）']);
  });

  it('does not send when the two new passwords differ', async () => {
    const fetch = mockFetch((url) => (url.pathname === '/api/auth/sessions' ? { body: sessions } : undefined));
    renderAccount();
    fillPasswords('Old-secret-1', 'New-secret-22', 'New-secret-23');
    await screen.findByText('两次输入的新密码不一致');
    expect(posts(fetch, '/api/auth/password')).toHaveLength(0);
  });

  it('marks a wrong current password (PASSWORD_INCORRECT), and says when an AUTH_LOCKED account unlocks', async () => {
    let answer: { status: number; body: unknown } = {
      status: 400,
      body: { error: { code: 'PASSWORD_INCORRECT', message: 'the current password is wrong' } },
    };
    mockFetch((url, init) => {
      if (url.pathname === '/api/auth/sessions') return { body: sessions };
      if (url.pathname === '/api/auth/password' && init?.method === 'POST') return answer;
      return undefined;
    });
    renderAccount();
    fillPasswords('wrong-one-1', 'New-secret-22');
    await waitFor(() => expect(screen.getAllByText('当前密码不正确').length).toBeGreaterThan(0));

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T02:00:00.000Z'));
    answer = {
      status: 429,
      body: { error: { code: 'AUTH_LOCKED', message: 'locked', details: { retryAfterSeconds: 900 } } },
    };
    fillPasswords('wrong-one-2', 'New-secret-22');
    // 02:15 UTC is 10:15 China time
    await screen.findByText('密码错误次数过多，账号已暂时锁定，2026-11-24 10:15 后可再试');
    vi.useRealTimers();
  });

  it('on success says other devices were signed out and asks for the sessions again', async () => {
    const fetch = mockFetch((url, init) => {
      if (url.pathname === '/api/auth/sessions') return { body: sessions };
      if (url.pathname === '/api/auth/password' && init?.method === 'POST')
        return { body: { ok: true, token: 'fresh', expiresAt: '2026-11-25T02:00:00.000Z' } };
      return undefined;
    });
    renderAccount();
    await screen.findByText('Chrome 131 · Windows');
    fillPasswords('Old-secret-1', 'New-secret-22');
    await screen.findByText('其他设备上的登录已全部退出，需要用新密码重新登录；本设备保持登录。');
    await waitFor(() =>
      expect(fetch.mock.calls.filter(([u]) => String(u).startsWith('/api/auth/sessions'))).toHaveLength(2),
    );
    expect(screen.queryByTestId('login-page')).toBeNull();
  });

  it('lists the sessions with this device marked and the client in words', async () => {
    mockFetch((url) => (url.pathname === '/api/auth/sessions' ? { body: sessions } : undefined));
    renderAccount();
    await screen.findByText('Chrome 131 · Windows');
    const items = [...screen.getByTestId('sessions').querySelectorAll('[data-session]')] as HTMLElement[];
    expect(items.map((i) => i.getAttribute('data-session'))).toEqual(['bbbbbbbbbbbb', 'aaaaaaaaaaaa']);
    expect(items[0].getAttribute('data-current')).toBe('true');
    expect(within(items[0]).getByText('本设备')).toBeTruthy();
    expect(items[0].textContent).toContain('192.168.1.20');
    expect(items[0].textContent).toContain('登录于 2026-11-24 09:30');
    expect(items[1].getAttribute('data-current')).toBeNull();
    expect(within(items[1]).queryByText('本设备')).toBeNull();
    expect(items[1].textContent).toContain('WeChat 8 · iOS');
    expect(items[1].textContent).toContain('最近使用 2026-11-23 10:00');
  });

  it('signs out everywhere after a confirm and goes to the login page', async () => {
    const fetch = mockFetch((url, init) => {
      if (url.pathname === '/api/auth/sessions') return { body: sessions };
      if (url.pathname === '/api/auth/logout-all' && init?.method === 'POST') return { body: { ok: true, revoked: 2 } };
      if (url.pathname === '/api/auth/logout')
        return { status: 401, body: { error: { code: 'AUTH_REQUIRED', message: 'sign in first' } } };
      return undefined;
    });
    renderAccount();
    fireEvent.click(screen.getByTestId('logout-all'));
    expect(posts(fetch, '/api/auth/logout-all')).toHaveLength(0);
    fireEvent.click(await screen.findByRole('button', { name: '全部退出' }));
    // the login page (the guard may add `next`, as for the header's sign-out)
    await waitFor(() => expect(screen.getByTestId('login-page').textContent).toMatch(/^\/login(\?|$)/));
    expect(posts(fetch, '/api/auth/logout-all')).toHaveLength(1);
  });
});

describe('the user menu', () => {
  it('takes any signed-in person to account security, at phone width too', async () => {
    mockFetch((url) => (url.pathname === '/api/auth/sessions' ? { body: sessions } : undefined));
    renderWithApp(
      <AuthProvider initial={{ status: 'signed-in', user: worker }}>
        <AppRoutes />
      </AuthProvider>,
      { path: '/nowhere' },
    );
    await screen.findByText('页面不存在');
    fireEvent.click(screen.getByTestId('user-menu'));
    fireEvent.click(await screen.findByText('账户安全', { selector: '.ant-dropdown-menu-title-content' }));
    await screen.findByText('Chrome 131 · Windows');
    expect(screen.getByRole('heading', { name: '账户安全' })).toBeTruthy();
  });
});

describe('after a password reset (mustChangePassword)', () => {
  it('sends the user to the account page with a notice, and lets them go once they set their own password', async () => {
    mockFetch((url, init) => {
      if (url.pathname === '/api/auth/sessions') return { body: sessions };
      if (url.pathname === '/api/auth/password' && init?.method === 'POST')
        return { body: { ok: true, token: 'fresh', expiresAt: '2026-11-25T02:00:00.000Z' } };
      return undefined;
    });
    function Where() {
      return <output data-testid="where">{useLocation().pathname}</output>;
    }
    renderWithApp(
      <AuthProvider initial={{ status: 'signed-in', user: { ...worker, mustChangePassword: true } }}>
        <Routes>
          <Route
            path="/account"
            element={
              <RequireAuth>
                <AccountPage />
              </RequireAuth>
            }
          />
          <Route
            path="/events"
            element={
              <RequireAuth>
                <Where />
              </RequireAuth>
            }
          />
        </Routes>
      </AuthProvider>,
      { path: '/events' },
    );
    expect((await screen.findByTestId('must-change-password')).textContent).toContain('请先设置您自己的密码');
    expect(screen.queryByTestId('where')).toBeNull();
    fillPasswords('Temp2345abcd', 'New-secret-22');
    await screen.findByText('密码已修改');
    expect(screen.queryByTestId('must-change-password')).toBeNull();
  });
});
