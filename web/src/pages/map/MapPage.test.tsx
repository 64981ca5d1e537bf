// @vitest-environment jsdom
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { LocaleProvider } from '../../i18n';
import { renderWithApp } from '../../testing/render';
import type { MapCanvasProps } from './MapCanvas';

// MapLibre needs WebGL, which jsdom lacks: the canvas is replaced by a stand-in that records its props
const canvas = vi.hoisted(() => ({ props: null as MapCanvasProps | null }));
vi.mock('./MapCanvas', () => ({
  default: (props: MapCanvasProps) => {
    canvas.props = props;
    return <div data-testid="map-canvas" />;
  },
}));
vi.mock('../../app/auth', () => ({
  useUser: () => ({
    id: 1,
    name: 'Op',
    role: 'town_operator',
    roleName: '',
    jurisdictionCode: '360102001000',
    jurisdictionLevel: 'town',
    jurisdictionName: 'Town A',
    departmentId: null,
  }),
}));
const live = vi.hoisted(() => ({ handler: null as ((message: unknown) => void) | null }));
vi.mock('../../api/live', () => ({
  useLiveEvents: (handler: (message: unknown) => void) => {
    live.handler = handler;
    return 'open';
  },
}));

const { default: MapPage } = await import('./MapPage');

const village = {
  type: 'Feature',
  id: '360102001001',
  properties: { code: '360102001001', parentCode: '360102001000', level: 'village', kind: 'village', name: 'V1' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [115, 28],
        [115.1, 28],
        [115.1, 28.1],
        [115, 28.1],
        [115, 28],
      ],
    ],
  },
};
const point = (id: number, riskLevel: string) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [115.05, 28.05] },
  properties: {
    id,
    serialNo: `E-${id}`,
    title: `Event ${id}`,
    eventType: 'hazard',
    riskLevel,
    status: 'dispatched',
    statusKind: 'open',
    reportedAt: '2026-11-20T02:30:00.000Z',
  },
});

const TILES = {
  tiles: 'https://t{s}.example.cn/{z}/{x}/{y}.png',
  subdomains: ['0', '1'],
  crs: 'gcj02',
  attribution: 'Example',
  tileSize: 256,
  maxZoom: 18,
};

function stubApi(options: { basemap?: typeof TILES | null } = {}) {
  const fetch = vi.fn(async (url: string, _init?: RequestInit) => {
    const body =
      url === '/api/config/map'
        ? { basemap: options.basemap ?? null }
        : url.startsWith('/api/geo/boundaries')
          ? { type: 'FeatureCollection', features: [village] }
          : url.startsWith('/api/events/geojson')
            ? { type: 'FeatureCollection', features: [point(7, 'red'), point(8, 'blue')] }
            : url.startsWith('/api/events/7')
              ? {
                  event: {
                    id: 7,
                    serialNo: 'E-7',
                    title: 'Event 7',
                    status: 'dispatched',
                    light: 'yellow',
                    riskLevel: 'red',
                    reportedAt: '2026-11-20T02:30:00.000Z',
                  },
                }
              : {};
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  canvas.props = null;
  live.handler = null;
});

const callsTo = (fetch: ReturnType<typeof stubApi>, prefix: string) =>
  fetch.mock.calls.filter((c) => (c[0] as string).startsWith(prefix)).length;

describe('MapPage', () => {
  it('loads villages and open events of the last 30 days, fits the jurisdiction and counts the points', async () => {
    const fetch = stubApi();
    renderWithApp(<MapPage />, { locale: 'en' });
    expect(await screen.findByText('2 events on the map')).toBeTruthy();
    const urls = fetch.mock.calls.map((c) => c[0] as string);
    expect(urls).toContain('/api/geo/boundaries?level=village');
    const events = urls.find((u) => u.startsWith('/api/events/geojson'))!;
    expect(events).toMatch(/statusKind=open&from=.*&to=.*&limit=100000$/);
    await waitFor(() =>
      expect(canvas.props?.fitTo).toEqual([
        [115, 28],
        [115.1, 28.1],
      ]),
    );
    expect(canvas.props?.loadTownGrids).toBeTypeOf('function'); // a town user loads grids per town when zoomed in
    expect(canvas.props?.heatmap).toBe(false);
    expect(screen.getByText('Map · Town A')).toBeTruthy();
  });

  it('refetches when a filter changes and switches the heatmap', async () => {
    const fetch = stubApi();
    renderWithApp(<MapPage />, { locale: 'en' });
    await screen.findByText('2 events on the map');
    fireEvent.mouseDown(screen.getByLabelText('Risk level'));
    const option = screen.getAllByText('Red').find((el) => el.closest('.ant-select-item-option'))!;
    fireEvent.click(option);
    await waitFor(() => expect(fetch.mock.calls.some((c) => (c[0] as string).includes('risk=red'))).toBe(true));
    fireEvent.click(screen.getByRole('switch', { name: 'Heatmap' }));
    await waitFor(() => expect(canvas.props?.heatmap).toBe(true));
  });

  it('shows the card of a clicked point, with its light and a link to the detail', async () => {
    stubApi();
    renderWithApp(<MapPage />, { locale: 'en' });
    await screen.findByText('2 events on the map');
    canvas.props!.onSelect(point(7, 'red').properties);
    const card = (await screen.findByText('Event 7')).closest('.ant-card') as HTMLElement;
    expect(within(card).getByText('E-7')).toBeTruthy();
    expect(within(card).getByText('Dispatched')).toBeTruthy();
    expect(await within(card).findByText('Yellow')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Open details' }).getAttribute('href')).toBe('/events/7');
    fireEvent.click(within(card).getByRole('button', { name: 'Close' }));
    expect(screen.queryByText('Event 7')).toBeNull();
  });

  it('draws the basemap the server is configured with, and builds the map only once it is known', async () => {
    const fetch = stubApi({ basemap: TILES });
    renderWithApp(<MapPage />, { locale: 'en' });
    expect(canvas.props).toBeNull(); // not before GET /api/config/map has answered
    await screen.findByText('2 events on the map');
    expect(canvas.props?.basemap).toEqual(TILES);
    expect(callsTo(fetch, '/api/config/map')).toBe(1);
  });

  it('draws no basemap when none is configured, and still the map when the setting cannot be read', async () => {
    stubApi();
    const first = renderWithApp(<MapPage />, { locale: 'en' });
    await screen.findByText('2 events on the map');
    expect(canvas.props?.basemap).toBeNull();
    first.unmount();
    canvas.props = null;

    const fetch = stubApi();
    fetch.mockImplementation(async (url: string) =>
      url === '/api/config/map'
        ? new Response(JSON.stringify({ error: { code: 'DATABASE_UNAVAILABLE', message: 'down' } }), {
            status: 503,
            headers: { 'content-type': 'application/json' },
          })
        : new Response(JSON.stringify({ type: 'FeatureCollection', features: [point(7, 'red')] }), {
            status: 200,
            headers: { 'content-type': 'application/json' },
          }),
    );
    renderWithApp(<MapPage />, { locale: 'en' });
    await screen.findByText('1 events on the map');
    expect((canvas.props as MapCanvasProps | null)?.basemap).toBeNull();
    expect(screen.getByRole('alert')).toBeTruthy();
  });

  it('fetches its first data once, even when React mounts it twice (StrictMode)', async () => {
    const fetch = stubApi();
    // as main.tsx mounts the app: StrictMode at the root (development mounts, unmounts and mounts again)
    render(
      <StrictMode>
        <LocaleProvider initial="en">
          <MemoryRouter>
            <MapPage />
          </MemoryRouter>
        </LocaleProvider>
      </StrictMode>,
    );
    await screen.findByText('2 events on the map');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(callsTo(fetch, '/api/config/map')).toBe(1);
    expect(callsTo(fetch, '/api/geo/boundaries')).toBe(1);
    expect(callsTo(fetch, '/api/events/geojson')).toBe(1);
    expect(fetch.mock.calls.every((c) => !c[1]?.signal?.aborted)).toBe(true);
  });

  it('does not refetch the points for live changes during or just after the first load; once, later', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fetch = stubApi();
    renderWithApp(<MapPage />, { locale: 'en' });
    live.handler!({ kind: 'bulk', count: 40 }); // the deadline sweep, while the points load
    await screen.findByText('2 events on the map');
    live.handler!({ kind: 'updated', id: 7 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(callsTo(fetch, '/api/events/geojson')).toBe(1);
    await vi.advanceTimersByTimeAsync(6_000);
    await waitFor(() => expect(callsTo(fetch, '/api/events/geojson')).toBe(2));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(callsTo(fetch, '/api/events/geojson')).toBe(2); // the messages were folded into one refresh
    expect(callsTo(fetch, '/api/geo/boundaries')).toBe(1);
  });
});
