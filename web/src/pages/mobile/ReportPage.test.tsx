// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { AuthProvider } from '../../app/auth';
import type { SessionUser } from '../../api/types';
import ReportPage from './ReportPage';

const worker: SessionUser = {
  id: 7,
  name: 'Wang',
  role: 'grid_worker',
  roleName: '网格员',
  jurisdictionCode: '620102001001001',
  jurisdictionLevel: 'grid',
  jurisdictionName: '东村一网格',
  departmentId: null,
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ReportPage', () => {
  it('queues a report while offline and sends it once, with its key, when back online', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      geolocation: {
        getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) =>
          fail({ code: 1, message: 'denied' } as GeolocationPositionError),
      },
    });
    let online = false;
    const posts: { key: string | null; body: Record<string, unknown> }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://localhost');
        if (url.pathname === '/api/categories') {
          return new Response(
            JSON.stringify({
              items: [
                {
                  code: 'hazard.fire',
                  parentCode: null,
                  eventType: 'hazard',
                  nameZh: '火灾隐患',
                  nameEn: 'Fire',
                  sortOrder: 1,
                  active: true,
                },
              ],
            }),
            { status: 200 },
          );
        }
        if (url.pathname === '/api/events' && init?.method === 'POST') {
          if (!online) throw new TypeError('Failed to fetch');
          posts.push({ key: new Headers(init.headers).get('idempotency-key'), body: JSON.parse(String(init.body)) });
          return new Response(JSON.stringify({ event: { id: 1 } }), { status: 201 });
        }
        return new Response('{}', { status: 404 });
      }),
    );
    renderWithApp(
      <AuthProvider initial={{ status: 'signed-in', user: worker }}>
        <ReportPage />
      </AuthProvider>,
      { path: '/report' },
    );
    expect(screen.getByTestId('geo').textContent).toContain('denied');
    // no GPS: the report names the worker's grid
    expect(screen.getByTestId('location-summary').textContent).toContain('东村一网格');
    // choose the category
    const picker = document.querySelector('.ant-cascader') as HTMLElement;
    fireEvent.mouseDown(picker.querySelector('input') ?? picker);
    fireEvent.click(await screen.findByText('火灾隐患', { selector: '.ant-cascader-menu-item-content' }));
    fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), {
      target: { value: 'smoke by the barn' },
    });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('待发送 1 条');
    await screen.findByText('网络不通，已保存在本机，联网后自动发送');
    expect(posts).toHaveLength(0);

    online = true;
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(posts).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('queue')).toBeNull());
    expect(posts[0].key).toBeTruthy();
    expect(posts[0].body).toMatchObject({
      categoryCode: 'hazard.fire',
      riskLevel: 'blue',
      description: 'smoke by the barn',
      jurisdictionCode: '620102001001001',
      idempotencyKey: posts[0].key,
    });
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    expect(posts).toHaveLength(1);
  });
});
