// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import { mockFetch } from '../../testing/mock-fetch';
import MyGridPage from './MyGridPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

function task(id: number) {
  return {
    id,
    serialNo: `SJ${id}`,
    title: `Task ${id}`,
    channel: 'grid',
    channelName: '网格上报',
    eventType: 'hazard',
    eventTypeName: '风险隐患',
    categoryCode: 'hazard.fire',
    categoryName: null,
    riskLevel: 'blue',
    riskLevelName: '蓝',
    highRisk: false,
    status: 'dispatched',
    statusName: '已分拨',
    statusKind: 'open',
    jurisdictionCode: '620102001001001',
    jurisdictionName: '东村一网格',
    address: null,
    location: null,
    reportedAt: '2026-11-24T01:00:00.000Z',
    updatedAt: '2026-11-24T01:00:00.000Z',
    version: 1,
    tier: 'grid',
    tierName: '网格',
    light: 'green',
    suspended: false,
  };
}

/** A fake server: `total` open tasks (ids total…1, newest first); 3 to sign, 5 in hand, 2 overdue. */
function server(state: { total: number }) {
  const requests: URLSearchParams[] = [];
  const fetch = mockFetch((url) => {
    if (url.pathname !== '/api/events') return undefined;
    const q = url.searchParams;
    requests.push(q);
    const page = Number(q.get('page'));
    const size = Number(q.get('pageSize'));
    const status = q.getAll('status');
    const total = status.includes('dispatched')
      ? 3
      : status.includes('handling')
        ? 5
        : q.getAll('light').includes('red')
          ? 2
          : state.total;
    const ids = Array.from({ length: total }, (_, i) => total - i).slice((page - 1) * size, page * size);
    return { body: { total, page, pageSize: size, items: ids.map(task) } };
  });
  return { fetch, requests };
}

class FakeEventSource {
  static last: FakeEventSource | null = null;
  static CLOSED = 2;
  readyState = 1;
  onmessage: ((e: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeEventSource.last = this;
  }
  addEventListener() {}
  close() {}
}

describe('MyGridPage', () => {
  it('shows the count of each tab, pages the list 30 at a time, and reloads the counts and every loaded page on a live change', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const state = { total: 45 };
    const { requests } = server(state);
    renderWithApp(<MyGridPage />, { path: '/my-grid' });

    await waitFor(() => expect(screen.getAllByTestId('task')).toHaveLength(30));
    await waitFor(() => expect(screen.getByTestId('tab-toSign').textContent).toContain('3'));
    expect(screen.getByTestId('tab-open').textContent).toContain('45');
    expect(screen.getByTestId('tab-inHand').textContent).toContain('5');
    expect(screen.getByTestId('tab-overdue').textContent).toContain('2');
    expect(screen.getByText('我的任务（45）')).toBeTruthy();
    // only the worker's own open tasks
    const list = requests.find((q) => q.get('pageSize') === '30')!;
    expect(list.get('mine')).toBe('true');
    expect(list.getAll('statusKind')).toEqual(['open']);

    fireEvent.click(screen.getByTestId('more'));
    await waitFor(() => expect(screen.getAllByTestId('task')).toHaveLength(45));
    expect(screen.getByText('共 45 条，已全部显示')).toBeTruthy();
    expect(screen.queryByTestId('more')).toBeNull();

    // a new task arrives: the counts and both loaded pages are fetched again, nothing shown twice
    state.total = 46;
    requests.length = 0;
    await act(async () => {
      FakeEventSource.last?.onmessage?.({ data: JSON.stringify({ kind: 'created', id: 46 }) });
    });
    await waitFor(() => expect(screen.getAllByTestId('task')).toHaveLength(46));
    expect(screen.getByText('我的任务（46）')).toBeTruthy();
    const pages = requests.filter((q) => q.get('pageSize') === '30').map((q) => q.get('page'));
    expect(pages.sort()).toEqual(['1', '2']);
    const titles = screen.getAllByTestId('task').map((el) => el.textContent);
    expect(new Set(titles).size).toBe(46);
    expect(screen.getByText('共 46 条，已全部显示')).toBeTruthy();
  });

  it('a tab shows its own tasks', async () => {
    const { requests } = server({ total: 45 });
    renderWithApp(<MyGridPage />, { path: '/my-grid' });
    await waitFor(() => expect(screen.getAllByTestId('task')).toHaveLength(30));
    fireEvent.click(screen.getByTestId('tab-toSign'));
    await waitFor(() => expect(screen.getAllByTestId('task')).toHaveLength(3));
    expect(requests.at(-1)!.getAll('status')).toEqual(['dispatched']);
    expect(screen.getByText('共 3 条，已全部显示')).toBeTruthy();
  });
});
