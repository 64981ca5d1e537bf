// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { AuthProvider } from '../../app/auth';
import type { SessionUser } from '../../api/types';
import type { PersonItem } from '../../api/people';
import { mockFetch } from '../../testing/mock-fetch';
import PeoplePage from './PeoplePage';

const operator: SessionUser = {
  id: 3,
  name: 'Zhao',
  role: 'town_operator',
  roleName: 'town centre',
  jurisdictionCode: '620999100000',
  jurisdictionLevel: 'town',
  jurisdictionName: 'Town A',
  departmentId: null,
};
const person = (id: number, name: string, more: Partial<PersonItem> = {}): PersonItem => ({
  id,
  name,
  role: 'grid_worker',
  roleName: 'grid worker',
  phone: null,
  jurisdictionCode: '620999100201001',
  jurisdictionName: 'East grid 1',
  department: null,
  username: `user${id}`,
  active: true,
  mustChangePassword: false,
  lockedUntil: null,
  ...more,
});
const people = [
  person(3, 'Zhao', { role: 'town_operator' }),
  person(7, 'Wang', { lockedUntil: '2026-11-24T09:30:00.000Z' }),
  person(8, 'Li', { active: false, mustChangePassword: true }),
];

afterEach(() => vi.unstubAllGlobals());

/** Clicks the confirm button of the popconfirm showing `text`. */
const okOf = (text: HTMLElement) => fireEvent.click(text.closest('.ant-popover')!.querySelector('.ant-btn-primary')!);

const posts = (fetch: ReturnType<typeof mockFetch>, path: string) =>
  fetch.mock.calls.filter(
    ([u, init]) => new URL(String(u), 'http://localhost').pathname === path && init?.method === 'POST',
  );

function render(handler: Parameters<typeof mockFetch>[0]) {
  const fetch = mockFetch(handler);
  renderWithApp(
    <AuthProvider initial={{ status: 'signed-in', user: operator }}>
      <PeoplePage />
    </AuthProvider>,
    { path: '/people' },
  );
  return fetch;
}
const account = (id: number) => ({
  id,
  name: 'Wang',
  username: `user${id}`,
  active: true,
  mustChangePassword: true,
  lockedUntil: null,
});

describe('PeoplePage', () => {
  it('lists the people with their account state, and searches by name', async () => {
    const fetch = render((url) =>
      url.pathname === '/api/people' ? { body: { items: people, page: 1, pageSize: 50 } } : undefined,
    );
    const row = (await screen.findByText('Wang')).closest('tr')!;
    expect(row.textContent).toContain('启用');
    expect(row.textContent).toMatch(/已锁定至 .*17:30/); // the lockout's end, China time
    const li = screen.getByText('Li').closest('tr')!;
    expect(li.textContent).toContain('已停用');
    expect(li.textContent).toContain('待改密');
    expect(li.textContent).not.toContain('已锁定');
    expect(within(li).getByTestId('reactivate-8')).toBeTruthy();
    // one's own account: no reset, no deactivation
    expect((screen.getByTestId('deactivate-3') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('reset-3') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('按姓名搜索'), { target: { value: '王' } });
    fireEvent.keyDown(screen.getByLabelText('按姓名搜索'), { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(([u]) => new URL(String(u), 'http://localhost').searchParams.get('q') === '王'),
      ).toBe(true),
    );
  });

  it('resets a password after a confirm and shows the temporary password once, with a copy button', async () => {
    const fetch = render((url, init) => {
      if (url.pathname === '/api/people') return { body: { items: people, page: 1, pageSize: 50 } };
      if (url.pathname === '/api/people/7/password-reset' && init?.method === 'POST')
        return { body: { account: account(7), temporaryPassword: 'Abc234defGH9' } };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('reset-7'));
    expect(posts(fetch, '/api/people/7/password-reset')).toHaveLength(0);
    okOf(await screen.findByText('重置 Wang 的密码？其所有登录将退出，须用临时密码登录后设置新密码。'));
    const shown = await screen.findByTestId('temporary-password');
    expect(shown.textContent).toContain('Abc234defGH9');
    expect(posts(fetch, '/api/people/7/password-reset')).toHaveLength(1);
    expect(
      screen.getByText('临时密码只显示这一次，请当面或通过可靠渠道告知本人；本人登录后须立即设置新密码。'),
    ).toBeTruthy();
    expect(document.querySelector('.ant-typography-copy')).toBeTruthy();
  });

  it('unlocks at once, deactivates after a confirm, and shows a refusal in words', async () => {
    const fetch = render((url, init) => {
      if (url.pathname === '/api/people') return { body: { items: people, page: 1, pageSize: 50 } };
      if (url.pathname === '/api/people/7/unlock' && init?.method === 'POST')
        return { body: { account: account(7), cleared: true } };
      if (url.pathname === '/api/people/7/deactivate' && init?.method === 'POST')
        return { status: 404, body: { error: { code: 'PERSON_NOT_FOUND', message: 'no person 7 in your area' } } };
      return undefined;
    });
    fireEvent.click(await screen.findByTestId('unlock-7'));
    await screen.findByText('已解锁 Wang，可立即登录');
    expect(posts(fetch, '/api/people/7/unlock')).toHaveLength(1);

    fireEvent.click(screen.getByTestId('deactivate-7'));
    const confirm = await screen.findByText('停用 Wang 的账号？其所有登录将立即退出。');
    okOf(confirm);
    await waitFor(() => expect(posts(fetch, '/api/people/7/deactivate')).toHaveLength(1));
    await screen.findByText('此人不存在或不在您的辖区');
  });
});
