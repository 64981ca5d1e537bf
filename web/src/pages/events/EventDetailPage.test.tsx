// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { renderWithApp } from '../../testing/render';
import EventDetailPage from './EventDetailPage';
import { mockFetch } from '../../testing/mock-fetch';
import { detail } from './test-fixtures';
import type { EventAction } from '../../api/events';

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderDetail() {
  return renderWithApp(
    <Routes>
      <Route path="/events/:id" element={<EventDetailPage />} />
    </Routes>,
    { path: '/events/7' },
  );
}

/** Ant Design spaces two-character Chinese button labels (办 结): compare without spaces. */
const byLabel = (root: HTMLElement | Document, label: string) => {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.replace(/\s/g, '') === label);
  if (!found) throw new Error(`no button ${label}`);
  return found as HTMLElement;
};
const findButton = (label: string, root: HTMLElement | Document = document) => waitFor(() => byLabel(root, label));

const actionButtons = () =>
  [...document.querySelectorAll('.desk-actions button[data-action]')].map((b) => b.getAttribute('data-action'));

describe('EventDetailPage', () => {
  it('shows the event, its timeline, deadlines, photos, assignees and exactly the actions the API allows', async () => {
    mockFetch((url) =>
      url.pathname === '/api/events/7' ? { body: detail(['record', 'resolve', 'request_extension']) } : undefined,
    );
    renderDetail();
    await screen.findByText('A fallen wire by the road');
    expect(actionButtons()).toEqual(['record', 'resolve', 'request_extension']);
    const panel = document.querySelector('.desk-actions') as HTMLElement;
    expect([...panel.querySelectorAll('button')].map((b) => b.textContent!.replace(/\s/g, ''))).toEqual([
      '处置记录',
      '办结',
      '申请延期',
    ]);
    // the history, in China time, with actor and note
    const entries = [...document.querySelectorAll('.desk-history-entry')] as HTMLElement[];
    expect(entries).toHaveLength(2);
    expect(entries[0].textContent).toContain('上报');
    expect(entries[0].textContent).toContain('2026-11-24 09:30');
    expect(entries[0].textContent).toContain('Wang Wu');
    expect(entries[0].textContent).toContain('found on patrol');
    // deadline with its light and due time; the photo; the map link
    expect(document.querySelector('.desk-deadline')!.textContent).toContain('时限 2026-11-26 09:30');
    expect(document.querySelector('.desk-deadline [data-light="yellow"]')).toBeTruthy();
    expect(document.querySelector('img[src="/api/attachments/a1"]')).toBeTruthy();
    expect(document.querySelector('a[href="/map?event=7"]')).toBeTruthy();
    expect(screen.getByText('网格责任人')).toBeTruthy();
  });

  it('shows the reporter masked, and in full only after 查看完整信息 (a POST the server audits)', async () => {
    const masked = detail([]);
    masked.event = {
      ...masked.event,
      reporterName: '张三',
      reporterPhone: '139****5678',
      reporterIdNumber: '110105********002X',
      reporterAnonymous: false,
    };
    const calls: string[] = [];
    mockFetch((url, init) => {
      if (url.pathname === '/api/events/7') return { body: masked };
      if (url.pathname === '/api/events/7/reporter/unmask' && init?.method === 'POST') {
        calls.push(url.pathname);
        return {
          body: {
            reporterName: '张三',
            reporterPhone: '13912345678',
            reporterIdNumber: '11010519491231002X',
            reporterAnonymous: false,
          },
        };
      }
      return undefined;
    });
    renderDetail();
    await screen.findByText('张三 · 139****5678 · 110105********002X');
    expect(calls).toHaveLength(0);
    fireEvent.click(await findButton('查看完整信息'));
    await screen.findByText('张三 · 13912345678 · 11010519491231002X');
    expect(calls).toHaveLength(1);
  });

  it('shows the photos that came with each step of the history', async () => {
    const withEvidence = detail([]);
    withEvidence.attachments.push({
      id: 'a2',
      mimeType: 'application/pdf',
      sizeBytes: 900,
      name: 'report.pdf',
      url: '/api/attachments/a2',
    });
    withEvidence.history[1] = { ...withEvidence.history[1], action: 'resolve', attachmentIds: ['a1', 'a2'] };
    mockFetch((url) => (url.pathname === '/api/events/7' ? { body: withEvidence } : undefined));
    renderDetail();
    await screen.findByText('A fallen wire by the road');
    const entries = [...document.querySelectorAll('.desk-history-entry')] as HTMLElement[];
    expect(entries[0].querySelector('.desk-history-attachments')).toBeNull();
    const evidence = entries[1].querySelector('.desk-history-attachments') as HTMLElement;
    expect(evidence.querySelector('img[src="/api/attachments/a1"]')).toBeTruthy();
    expect(evidence.querySelector('a[href="/api/attachments/a2"]')?.textContent).toBe('report.pdf');
  });

  it('says so when the user has no action', async () => {
    mockFetch((url) => (url.pathname === '/api/events/7' ? { body: detail([]) } : undefined));
    renderDetail();
    await screen.findByText('当前状态下您没有可办理的操作');
    expect(actionButtons()).toEqual([]);
  });

  it('refuses an empty required note, then shows the server refusal, and reloads after success', async () => {
    const posts: { action: string; body: unknown }[] = [];
    let answer: { status: number; body: unknown } = {
      status: 409,
      body: {
        error: {
          code: 'EVENT_VERSION_CONFLICT',
          message: 'the event changed since you loaded it; reload and try again',
        },
      },
    };
    const fetch = mockFetch((url, init) => {
      if (url.pathname === '/api/events/7' && (!init?.method || init.method === 'GET'))
        return { body: detail(['resolve'] as EventAction[]) };
      const m = url.pathname.match(/^\/api\/events\/7\/actions\/(\w+)$/);
      if (m && init?.method === 'POST') {
        posts.push({ action: m[1], body: JSON.parse(String(init.body)) });
        return answer;
      }
      return undefined;
    });
    renderDetail();
    fireEvent.click(await findButton('办结'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(byLabel(dialog, '提交'));
    expect(await within(dialog).findByText('请填写办理意见')).toBeTruthy();
    expect(posts).toHaveLength(0);

    // whitespace is no note either
    const note = within(dialog).getByRole('textbox');
    fireEvent.change(note, { target: { value: '   ' } });
    fireEvent.click(byLabel(dialog, '提交'));
    await waitFor(() => expect(within(dialog).getByText('请填写办理意见')).toBeTruthy());
    expect(posts).toHaveLength(0);

    fireEvent.change(note, { target: { value: 'wire removed, road safe' } });
    fireEvent.click(byLabel(dialog, '提交'));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ action: 'resolve', body: { note: 'wire removed, road safe', version: 3 } });
    expect(await within(dialog).findByText('the event changed since you loaded it; reload and try again')).toBeTruthy();

    // succeeds the second time: the modal closes and the event is fetched again
    answer = { status: 200, body: { event: detail([]).event, historyId: 9 } };
    const gets = () =>
      fetch.mock.calls.filter(([u, i]) => String(u) === '/api/events/7' && (!i?.method || i.method === 'GET')).length;
    const before = gets();
    fireEvent.click(byLabel(dialog, '提交'));
    await waitFor(() => expect(posts).toHaveLength(2));
    await waitFor(() => expect(gets()).toBe(before + 1));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows server validation details under the field', async () => {
    mockFetch((url, init) => {
      if (url.pathname === '/api/events/7' && init?.method === 'GET') return { body: detail(['urge']) };
      if (url.pathname === '/api/events/7/actions/urge')
        return {
          status: 400,
          body: {
            error: {
              code: 'VALIDATION_FAILED',
              message: 'invalid body: note is too long',
              details: [{ field: 'note', problem: 'must NOT have more than 2000 characters' }],
            },
          },
        };
      return undefined;
    });
    renderDetail();
    fireEvent.click(await findButton('催办'));
    const dialog = await screen.findByRole('dialog');
    // urge needs no note: submitting empty goes to the server
    fireEvent.click(byLabel(dialog, '提交'));
    expect(await within(dialog).findByText('invalid body: note is too long')).toBeTruthy();
    expect(await within(dialog).findByText('must NOT have more than 2000 characters')).toBeTruthy();
  });
});
