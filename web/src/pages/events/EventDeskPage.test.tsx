// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { vi } from 'vitest';
import { renderWithApp } from '../../testing/render';
import EventDeskPage from './EventDeskPage';
import { mockFetch, summary } from './test-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('EventDeskPage', () => {
  it('lists the server page with a traffic light per row, linking each to its event', async () => {
    const fetch = mockFetch((url) =>
      url.pathname === '/api/events' ? { body: { total: 43, page: 1, pageSize: 20, items: [summary(1, 'green'), summary(2, 'yellow'), summary(3, 'red'), summary(4, null)] } } : undefined,
    );
    renderWithApp(<EventDeskPage />, { path: '/events' });
    await screen.findByText('Event 1');
    const rows = [...document.querySelectorAll('tbody tr.ant-table-row')] as HTMLElement[];
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.querySelector('[data-light]')?.getAttribute('data-light') ?? null)).toEqual(['green', 'yellow', 'red', null]);
    expect(rows[0].textContent).toContain('绿灯');
    expect(rows[1].textContent).toContain('黄灯');
    expect(rows[2].textContent).toContain('红灯');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/events/1');
    // China time (UTC+8), not the browser's zone
    expect(rows[0].textContent).toContain('2026-11-24 09:30');
    expect(screen.getByText('共 43 条')).toBeTruthy();
    // the first call asks for the open events, newest first, page 1 of 20
    const first = new URL(String(fetch.mock.calls[0][0]), 'http://localhost');
    expect(first.searchParams.getAll('statusKind')).toEqual(['open']);
    expect(first.searchParams.get('sort')).toBe('reported_at');
    expect(first.searchParams.get('order')).toBe('desc');
    expect(first.searchParams.get('page')).toBe('1');
    expect(first.searchParams.get('pageSize')).toBe('20');
  });

  it('shows the server error with a retry', async () => {
    mockFetch(() => ({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'no' } } }));
    renderWithApp(<EventDeskPage />, { path: '/events' });
    await waitFor(() => expect(screen.getByText('您没有权限进行此操作')).toBeTruthy());
  });
});
