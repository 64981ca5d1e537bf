// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { renderWithApp } from '../../testing/render';
import { mockFetch } from '../../testing/mock-fetch';
import TrackPage from './TrackPage';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz';

afterEach(() => {
  vi.unstubAllGlobals();
});

const tracked = {
  serialNo: 'SJ202611240001',
  title: 'Smoke',
  status: 'resolved',
  statusName: '已办结',
  statusKind: 'resolved',
  reportedAt: '2026-11-24T01:00:00.000Z',
  updatedAt: '2026-11-24T03:00:00.000Z',
  steps: [
    { status: 'reported', statusName: '已上报', at: '2026-11-24T01:00:00.000Z' },
    { status: 'accepted', statusName: '已签收', at: '2026-11-24T02:00:00.000Z' },
    { status: 'resolved', statusName: '已办结', at: '2026-11-24T03:00:00.000Z' },
  ],
};

function page() {
  return renderWithApp(
    <Routes>
      <Route path="/track/:token" element={<TrackPage />} />
    </Routes>,
    { path: `/track/${TOKEN}` },
  );
}

describe('TrackPage', () => {
  it('shows the status and steps, and rates once when rating is open', async () => {
    let rated: unknown = null;
    const fetch = mockFetch((url, init) => {
      if (url.pathname === `/api/public/events/${TOKEN}`) return { body: tracked };
      if (url.pathname === `/api/public/events/${TOKEN}/rating`) {
        if (init?.method === 'POST') {
          rated = JSON.parse(String(init.body));
          return {
            status: 201,
            body: {
              rating: { satisfaction: 'satisfied', satisfactionName: '满意', ratedAt: '2026-11-24T04:00:00.000Z' },
              reopened: false,
            },
          };
        }
        return {
          body: {
            serialNo: tracked.serialNo,
            status: 'resolved',
            statusName: '已办结',
            canRate: true,
            reason: null,
            rating: null,
            options: [],
          },
        };
      }
      return undefined;
    });
    page();
    await screen.findByText('SJ202611240001');
    expect(screen.getByTestId('status').textContent).toBe('已办结');
    const steps = screen.getByTestId('steps').textContent ?? '';
    expect(steps).toContain('2026-11-24 09:00');
    expect(steps).toContain('已签收');
    expect(steps).toContain('2026-11-24 11:00');
    await screen.findByTestId('rating-form');
    fireEvent.click(screen.getByRole('button', { name: /提交评价/ }));
    await screen.findByText('请选择满意程度');
    fireEvent.click(screen.getByText('满意'));
    fireEvent.change(screen.getByLabelText('意见建议（选填）'), { target: { value: 'quick' } });
    fireEvent.click(screen.getByRole('button', { name: /提交评价/ }));
    await screen.findByTestId('rated');
    expect(rated).toEqual({ satisfaction: 'satisfied', comment: 'quick' });
    expect(screen.queryByTestId('rating-form')).toBeNull();
    const posts = fetch.mock.calls.filter(([, init]) => init?.method === 'POST');
    expect(posts).toHaveLength(1);
  });

  it('shows no rating form when rating is not open, and the rating once given', async () => {
    mockFetch((url) => {
      if (url.pathname === `/api/public/events/${TOKEN}`) return { body: tracked };
      if (url.pathname === `/api/public/events/${TOKEN}/rating`)
        return {
          body: {
            serialNo: tracked.serialNo,
            status: 'resolved',
            statusName: '已办结',
            canRate: false,
            reason: 'rated',
            rating: { satisfaction: 'basically_satisfied', satisfactionName: '基本满意', ratedAt: null },
            options: [],
          },
        };
      return undefined;
    });
    page();
    await screen.findByTestId('rated');
    expect(screen.getByTestId('rated').textContent).toContain('基本满意');
    expect(screen.queryByTestId('rating-form')).toBeNull();
  });

  it('says when the tracking code is unknown', async () => {
    mockFetch(() => ({
      status: 404,
      body: { error: { code: 'EVENT_NOT_FOUND', message: 'no report with this tracking code' } },
    }));
    page();
    await waitFor(() => expect(document.querySelector('.ant-alert')).toBeTruthy());
  });
});
