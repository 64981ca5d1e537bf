// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { renderWithApp } from '../../testing/render';
import { AuthProvider } from '../../app/auth';
import { AppRoutes } from '../../app/App';
import type { AuditRecord } from '../../api/audit';
import type { Role, SessionUser } from '../../api/types';
import { mockFetch } from '../../testing/mock-fetch';
import AuditPage from './AuditPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A record's link in the chain as the server sends it: a sha256, hex. */
const hashOf = (id: number) => id.toString(16).padStart(64, '0');

const record = (id: number, over: Partial<AuditRecord> = {}): AuditRecord => ({
  id,
  at: '2026-11-24T01:30:00.000Z',
  actor: { id: 3, name: `Person ${id}`, role: 'town_operator', jurisdictionCode: '620999100000' },
  action: 'POST /api/events/:id/actions/accept',
  target: { type: 'events', id: String(100 + id) },
  clientAddress: '10.1.2.3',
  status: 200,
  errorCode: null,
  details: null,
  prevHash: hashOf(id - 1),
  hash: hashOf(id),
  ...over,
});

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderAudit(path = '/audit') {
  return renderWithApp(
    <>
      <Routes>
        <Route path="/audit" element={<AuditPage />} />
      </Routes>
      <LocationProbe />
    </>,
    { path },
  );
}

const auditCalls = (fetch: ReturnType<typeof mockFetch>) =>
  fetch.mock.calls.map(([u]) => new URL(String(u), 'http://localhost')).filter((u) => u.pathname === '/api/audit');
const rowsOf = () => [...document.querySelectorAll('tbody tr.ant-table-row')] as HTMLElement[];

describe('AuditPage', () => {
  it('lists the records newest first, links an event target and highlights a refusal with its code', async () => {
    const fetch = mockFetch((url) =>
      url.pathname === '/api/audit'
        ? {
            body: {
              items: [
                record(9, { status: 403, errorCode: 'OUT_OF_SCOPE', action: 'POST /api/events/:id/actions/dispatch' }),
                record(8),
                record(7, {
                  actor: null,
                  action: 'POST /api/auth/login',
                  target: null,
                  status: 401,
                  errorCode: 'AUTH_INVALID_CREDENTIALS',
                  clientAddress: null,
                }),
              ],
              nextBefore: null,
            },
          }
        : undefined,
    );
    renderAudit();
    await screen.findByText('Person 9');
    const rows = rowsOf();
    expect(rows).toHaveLength(3);
    expect(rows[0].getAttribute('data-refused')).toBe('true');
    expect(rows[0].textContent).toContain('拒绝 403');
    expect(rows[0].textContent).toContain('OUT_OF_SCOPE');
    expect(rows[0].textContent).toContain('2026-11-24 09:30');
    expect(rows[0].textContent).toContain('620999100000');
    expect(rows[1].getAttribute('data-refused')).toBeNull();
    expect(within(rows[1]).getByText('事件 #108').closest('a')?.getAttribute('href')).toBe('/events/108');
    expect(rows[1].textContent).toContain('10.1.2.3');
    expect(rows[2].getAttribute('data-refused')).toBe('true');
    expect(rows[2].textContent).toContain('匿名 / 系统');
    expect(rows[2].textContent).toContain('AUTH_INVALID_CREDENTIALS');
    // no "load more" when the server says there is no next page
    expect(screen.queryByTestId('audit-more')).toBeNull();
    expect(auditCalls(fetch)[0].searchParams.get('limit')).toBe('50');
    expect(auditCalls(fetch)[0].searchParams.has('before')).toBe(false);
  });

  it('builds the query from the filters in the address, and writes a new filter there', async () => {
    const fetch = mockFetch((url) =>
      url.pathname === '/api/audit' ? { body: { items: [record(1)], nextBefore: null } } : undefined,
    );
    renderAudit(
      '/audit?action=POST%20/api/events/*&targetType=events&jurisdiction=620999100000&from=2026-11-01&to=2026-11-02&bogus=1',
    );
    await screen.findByText('Person 1');
    const first = auditCalls(fetch)[0].searchParams;
    expect(first.get('action')).toBe('POST /api/events/*');
    expect(first.get('targetType')).toBe('events');
    expect(first.get('jurisdiction')).toBe('620999100000');
    // China-time days as instants
    expect(first.get('from')).toBe('2026-10-31T16:00:00.000Z');
    expect(first.get('to')).toBe('2026-11-02T15:59:59.999Z');
    expect(first.has('bogus')).toBe(false);

    const targetId = screen.getByLabelText('对象编号');
    fireEvent.change(targetId, { target: { value: '42' } });
    fireEvent.keyDown(targetId, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(auditCalls(fetch)).toHaveLength(2));
    expect(auditCalls(fetch)[1].searchParams.get('targetId')).toBe('42');
    expect(auditCalls(fetch)[1].searchParams.get('action')).toBe('POST /api/events/*');
    const here = new URL(screen.getByTestId('location').textContent!, 'http://localhost');
    expect(here.searchParams.get('targetId')).toBe('42');
    expect(here.searchParams.get('from')).toBe('2026-11-01');
  });

  it('pages with the keyset: "load more" asks for the records before the last one and appends them', async () => {
    const fetch = mockFetch((url) => {
      if (url.pathname !== '/api/audit') return undefined;
      if (url.searchParams.get('before') === '9') return { body: { items: [record(8), record(7)], nextBefore: null } };
      return { body: { items: [record(10), record(9)], nextBefore: 9 } };
    });
    renderAudit('/audit?action=POST%20/api/events/*');
    await screen.findByText('Person 10');
    fireEvent.click(screen.getByTestId('audit-more'));
    await screen.findByText('Person 7');
    expect(rowsOf().map((r) => r.getAttribute('data-row-key'))).toEqual(['10', '9', '8', '7']);
    const second = auditCalls(fetch)[1].searchParams;
    expect(second.get('before')).toBe('9');
    expect(second.get('action')).toBe('POST /api/events/*');
    expect(screen.queryByTestId('audit-more')).toBeNull();
    expect(screen.getByText('已显示全部 4 条')).toBeTruthy();
  });

  it('shows AUDIT_UNAVAILABLE and other failures with the usual error display', async () => {
    mockFetch((url) =>
      url.pathname === '/api/audit'
        ? { status: 503, body: { error: { code: 'AUDIT_UNAVAILABLE', message: 'the read could not be recorded' } } }
        : undefined,
    );
    renderAudit();
    await screen.findByText('审计记录暂时无法写入，数据未显示，请稍后重试');
  });
});

describe('the audit route', () => {
  const user = (role: Role): SessionUser => ({
    id: 1,
    name: 'Someone',
    role,
    roleName: role,
    jurisdictionCode: '620999000000',
    jurisdictionLevel: 'county',
    jurisdictionName: 'Test county',
    departmentId: null,
  });

  const renderApp = (role: Role) =>
    renderWithApp(
      <AuthProvider initial={{ status: 'signed-in', user: user(role) }}>
        <AppRoutes />
      </AuthProvider>,
      { path: '/audit' },
    );

  it('is not offered to a grid worker, and answers as a missing page', async () => {
    mockFetch(() => undefined);
    renderApp('grid_worker');
    await screen.findByText('页面不存在');
    expect(screen.queryByText('审计日志')).toBeNull();
  });

  it('is in the menu of the county command centre and opens', async () => {
    const fetch = mockFetch((url) =>
      url.pathname === '/api/audit' ? { body: { items: [record(1)], nextBefore: null } } : undefined,
    );
    renderApp('county_operator');
    await screen.findByText('Person 1');
    expect(within(screen.getByRole('menu', { name: '菜单' })).getByText('审计日志')).toBeTruthy();
    expect(auditCalls(fetch)).toHaveLength(1);
  });
});
