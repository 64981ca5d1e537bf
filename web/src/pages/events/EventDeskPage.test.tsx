// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { renderWithApp } from '../../testing/render';
import EventDeskPage from './EventDeskPage';
import EventDetailPage from './EventDetailPage';
import { mockFetch } from '../../testing/mock-fetch';
import { detail, summary } from './test-fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The calls of the list (not the jurisdiction picker's), as URLs. */
const listCalls = (fetch: ReturnType<typeof mockFetch>) =>
  fetch.mock.calls.map(([u]) => new URL(String(u), 'http://localhost')).filter((u) => u.pathname === '/api/events');
const lastList = (fetch: ReturnType<typeof mockFetch>) => listCalls(fetch).at(-1)!;

/** Where the router is: the address the desk writes. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}
const here = () => new URL(screen.getByTestId('location').textContent!, 'http://localhost');

/** An event page that only goes back (the browser's back button). */
function BackOnly() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => navigate(-1)}>
      browser-back
    </button>
  );
}

function renderDesk(path: string) {
  return renderWithApp(
    <>
      <Routes>
        <Route path="/events" element={<EventDeskPage />} />
        <Route path="/events/:id" element={<BackOnly />} />
      </Routes>
      <LocationProbe />
    </>,
    { path },
  );
}

const page = (items = [summary(1, 'green'), summary(2, 'red')], total = 143) => ({
  body: { total, page: 1, pageSize: 20, items },
});

/** The county → town → village tree the picker loads. */
const tree = (url: URL) => {
  if (url.pathname === '/api/jurisdictions')
    return {
      body: {
        root: { code: '620999000000', level: 'county', name: 'Test county' },
        children: [{ code: '620999100000', level: 'town', kind: 'town', name: 'East town', childCount: 2 }],
      },
    };
  if (url.pathname === '/api/jurisdictions/620999100000')
    return {
      body: {
        jurisdiction: { code: '620999100000' },
        children: [
          { code: '620999100001', level: 'village', kind: 'village', name: 'East village', childCount: 1 },
          { code: '620999100002', level: 'village', kind: 'village', name: 'West village', childCount: 0 },
        ],
      },
    };
  if (url.pathname === '/api/jurisdictions/620999100001')
    return {
      body: {
        jurisdiction: { code: '620999100001' },
        children: [{ code: '620999100001001', level: 'grid', kind: 'grid', name: 'East grid 1', childCount: 0 }],
      },
    };
  return undefined;
};

describe('EventDeskPage', () => {
  it('lists the server page with a traffic light per row, linking each to its event', async () => {
    const fetch = mockFetch((url) =>
      url.pathname === '/api/events'
        ? {
            body: {
              total: 43,
              page: 1,
              pageSize: 20,
              items: [summary(1, 'green'), summary(2, 'yellow'), summary(3, 'red'), summary(4, null)],
            },
          }
        : undefined,
    );
    renderWithApp(<EventDeskPage />, { path: '/events' });
    await screen.findByText('Event 1');
    const rows = [...document.querySelectorAll('tbody tr.ant-table-row')] as HTMLElement[];
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.querySelector('[data-light]')?.getAttribute('data-light') ?? null)).toEqual([
      'green',
      'yellow',
      'red',
      null,
    ]);
    expect(rows[0].textContent).toContain('绿灯');
    expect(rows[1].textContent).toContain('黄灯');
    expect(rows[2].textContent).toContain('红灯');
    expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('/events/1');
    // China time (UTC+8), not the browser's zone
    expect(rows[0].textContent).toContain('2026-11-24 09:30');
    expect(screen.getByText('共 43 条')).toBeTruthy();
    // the first call asks for the open events, newest first, page 1 of 20
    const first = listCalls(fetch)[0];
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

describe('EventDeskPage: the address holds the list', () => {
  it('opens a shared or bookmarked link as it was: filters, sort and page', async () => {
    const fetch = mockFetch((url) => tree(url) ?? (url.pathname === '/api/events' ? page() : undefined));
    renderDesk(
      '/events?risk=red&statusKind=resolved&light=red&channel=hotline_12345&page=3&pageSize=50&sort=updated_at&order=asc&from=2026-11-01&to=2026-11-24&q=wire',
    );
    await screen.findByText('Event 1');
    const call = lastList(fetch);
    expect(call.searchParams.getAll('risk')).toEqual(['red']);
    expect(call.searchParams.getAll('statusKind')).toEqual(['resolved']);
    expect(call.searchParams.getAll('light')).toEqual(['red']);
    expect(call.searchParams.getAll('channel')).toEqual(['hotline_12345']);
    expect(call.searchParams.get('page')).toBe('3');
    expect(call.searchParams.get('pageSize')).toBe('50');
    expect(call.searchParams.get('sort')).toBe('updated_at');
    expect(call.searchParams.get('order')).toBe('asc');
    // days in China time
    expect(call.searchParams.get('from')).toBe('2026-10-31T16:00:00.000Z');
    expect(call.searchParams.get('to')).toBe('2026-11-24T15:59:59.999Z');
    expect(call.searchParams.get('q')).toBe('wire');
    // and the controls show it
    expect((screen.getByLabelText('编号、标题、地址') as HTMLInputElement).value).toBe('wire');
    const filters = document.querySelector('.desk-filters') as HTMLElement;
    for (const label of ['红色', '已办结', '红灯', '12345热线'])
      expect(within(filters).getAllByText(label).length).toBeGreaterThan(0);
    expect(document.querySelector('.ant-pagination-item-active')?.textContent).toBe('3');
    expect(document.querySelector('th.ant-table-column-sort')?.textContent).toContain('更新时间');
  });

  it('writes each change to the address (page back to 1), and the back button from an event returns to the same filtered page', async () => {
    const fetch = mockFetch((url) => tree(url) ?? (url.pathname === '/api/events' ? page() : undefined));
    renderDesk('/events?risk=red&status=handling&highRisk=true');
    await screen.findByText('Event 1');
    // a condition a link brought without a control of its own is shown and can be removed
    const linked = document.querySelector('[data-linked-filter="status"]') as HTMLElement;
    expect(linked.textContent).toContain('处置中');
    expect(lastList(fetch).searchParams.getAll('statusKind')).toEqual([]); // an exact status lifts the open-only default
    fireEvent.click(linked.querySelector('.ant-tag-close-icon')!);
    await waitFor(() => expect(here().searchParams.has('status')).toBe(false));
    expect(here().searchParams.get('risk')).toBe('red');
    expect(here().searchParams.get('highRisk')).toBe('true');
    await waitFor(() => expect(lastList(fetch).searchParams.has('status')).toBe(false));

    // the page: to the address and the call
    fireEvent.click(document.querySelector('.ant-pagination-item-2')!);
    await waitFor(() => expect(here().searchParams.get('page')).toBe('2'));
    await waitFor(() => expect(lastList(fetch).searchParams.get('page')).toBe('2'));

    // a sort: a new order starts again at page 1
    fireEvent.click(
      [...document.querySelectorAll('th.ant-table-column-has-sorters')].find((th) =>
        th.textContent?.includes('上报时间'),
      )!,
    );
    await waitFor(() => expect(here().searchParams.get('order')).toBe('asc'));
    expect(here().searchParams.has('page')).toBe(false);
    fireEvent.click(document.querySelector('.ant-pagination-item-3')!);
    await waitFor(() => expect(here().searchParams.get('page')).toBe('3'));
    const before = here().search;

    // the keyword: to the address, page back to 1
    const keyword = screen.getByLabelText('编号、标题、地址');
    fireEvent.change(keyword, { target: { value: 'wire' } });
    fireEvent.keyDown(keyword, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(here().searchParams.get('q')).toBe('wire'));
    expect(here().searchParams.has('page')).toBe(false);
    fireEvent.click(document.querySelector('.ant-pagination-item-3')!);
    await waitFor(() => expect(here().searchParams.get('page')).toBe('3'));
    expect(before).not.toBe(here().search);
    const filtered = here().search;

    // open an event, then back
    const calls = listCalls(fetch).length;
    fireEvent.click(screen.getByText('Event 2'));
    await waitFor(() => expect(here().pathname).toBe('/events/2'));
    fireEvent.click(screen.getByText('browser-back'));
    await waitFor(() => expect(here().pathname).toBe('/events'));
    expect(here().search).toBe(filtered);
    await waitFor(() => expect(listCalls(fetch).length).toBeGreaterThan(calls));
    const again = lastList(fetch);
    expect(again.searchParams.get('q')).toBe('wire');
    expect(again.searchParams.get('page')).toBe('3');
    expect(again.searchParams.get('order')).toBe('asc');
    expect(again.searchParams.getAll('risk')).toEqual(['red']);
    expect(again.searchParams.get('highRisk')).toBe('true');
    await screen.findByText('Event 1');
    expect(document.querySelector('.ant-pagination-item-active')?.textContent).toBe('3');
    expect((screen.getByLabelText('编号、标题、地址') as HTMLInputElement).value).toBe('wire');

    // reset: the default list, nothing in the address
    fireEvent.click(
      [...document.querySelectorAll('.desk-filters button')].find((b) => b.textContent?.replace(/\s/g, '') === '重置')!,
    );
    await waitFor(() => expect(here().search).toBe(''));
    await waitFor(() => expect(lastList(fetch).searchParams.getAll('statusKind')).toEqual(['open']));
  });

  it('filters by a place picked in the tree, loading each level when opened', async () => {
    const fetch = mockFetch((url) => tree(url) ?? (url.pathname === '/api/events' ? page() : undefined));
    renderDesk('/events');
    await screen.findByText('Event 1');
    const picker = document.querySelector('.desk-jurisdiction') as HTMLElement;
    fireEvent.mouseDown(picker.querySelector('input') ?? picker);
    // the user's own place, open, with its towns
    const inTree = (title: string) =>
      document.querySelector(`.ant-select-tree [title="${title}"]`) as HTMLElement | null;
    await waitFor(() => expect(inTree('East town')).toBeTruthy());
    expect(inTree('Test county')).toBeTruthy();
    expect(fetch.mock.calls.some(([u]) => String(u) === '/api/jurisdictions/620999100000')).toBe(false);
    // open the town: its villages load
    const town = inTree('East town')!.closest('.ant-select-tree-treenode') as HTMLElement;
    fireEvent.click(town.querySelector('.ant-select-tree-switcher')!);
    await waitFor(() => expect(inTree('East village')).toBeTruthy());
    expect(fetch.mock.calls.some(([u]) => String(u) === '/api/jurisdictions/620999100000')).toBe(true);
    fireEvent.click(inTree('West village')!);
    await waitFor(() => expect(here().searchParams.get('jurisdiction')).toBe('620999100002'));
    await waitFor(() => expect(lastList(fetch).searchParams.get('jurisdiction')).toBe('620999100002'));
  });

  it('shows a place from a link by its name, loading the levels above it', async () => {
    const fetch = mockFetch((url) => tree(url) ?? (url.pathname === '/api/events' ? page() : undefined));
    renderDesk('/events?jurisdiction=620999100001001&risk=red&statusKind=open');
    await screen.findByText('Event 1');
    expect(listCalls(fetch)[0].searchParams.get('jurisdiction')).toBe('620999100001001');
    const picker = document.querySelector('.desk-jurisdiction') as HTMLElement;
    await waitFor(() => expect(picker.textContent).toContain('East grid 1'));
    const loaded = fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.startsWith('/api/jurisdictions/'));
    expect(loaded).toEqual(['/api/jurisdictions/620999100000', '/api/jurisdictions/620999100001']);
    // clearing it widens the list again
    fireEvent.mouseDown(picker.querySelector('.ant-select-clear')!);
    fireEvent.click(picker.querySelector('.ant-select-clear')!);
    await waitFor(() => expect(here().searchParams.has('jurisdiction')).toBe(false));
    await waitFor(() => expect(lastList(fetch).searchParams.has('jurisdiction')).toBe(false));
  });

  it('shows the server refusing a place outside the user’s scope', async () => {
    mockFetch(
      (url) =>
        tree(url) ??
        (url.pathname === '/api/events'
          ? {
              status: 403,
              body: { error: { code: 'OUT_OF_SCOPE', message: '620999200000 is outside your jurisdiction' } },
            }
          : undefined),
    );
    renderDesk('/events?jurisdiction=620999200000');
    expect(await screen.findByText('超出您的辖区范围')).toBeTruthy();
  });
});

describe('EventDeskPage → EventDetailPage', () => {
  it('the event’s back link returns to the filtered page it was opened from', async () => {
    const fetch = mockFetch(
      (url) =>
        tree(url) ??
        (url.pathname === '/api/events'
          ? page()
          : /^\/api\/events\/1$/.test(url.pathname)
            ? { body: detail([]) }
            : undefined),
    );
    renderWithApp(
      <>
        <Routes>
          <Route path="/events" element={<EventDeskPage />} />
          <Route path="/events/:id" element={<EventDetailPage />} />
        </Routes>
        <LocationProbe />
      </>,
      { path: '/events?risk=red&page=2&q=wire' },
    );
    await screen.findByText('Event 1');
    fireEvent.click(screen.getByText('Event 1'));
    await screen.findByText('A fallen wire by the road');
    const back = screen.getByText('返回列表').closest('a')!;
    expect(back.getAttribute('href')).toBe('/events?risk=red&page=2&q=wire');
    fireEvent.click(back);
    await waitFor(() => expect(here().pathname + here().search).toBe('/events?risk=red&page=2&q=wire'));
    await waitFor(() => expect(lastList(fetch).searchParams.get('page')).toBe('2'));
  });
});
