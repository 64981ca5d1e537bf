// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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
  useUser: () => ({ id: 1, name: 'Op', role: 'town_operator', roleName: '', jurisdictionCode: '360102001000', jurisdictionLevel: 'town', jurisdictionName: 'Town A', departmentId: null }),
}));
vi.mock('../../api/live', () => ({ useLiveEvents: () => 'open' }));

const { default: MapPage } = await import('./MapPage');

const village = {
  type: 'Feature',
  id: '360102001001',
  properties: { code: '360102001001', parentCode: '360102001000', level: 'village', kind: 'village', name: 'V1' },
  geometry: { type: 'Polygon', coordinates: [[[115, 28], [115.1, 28], [115.1, 28.1], [115, 28.1], [115, 28]]] },
};
const point = (id: number, riskLevel: string) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [115.05, 28.05] },
  properties: { id, serialNo: `E-${id}`, title: `Event ${id}`, eventType: 'hazard', riskLevel, status: 'dispatched', statusKind: 'open', reportedAt: '2026-11-20T02:30:00.000Z' },
});

function stubApi() {
  const fetch = vi.fn(async (url: string) => {
    const body = url.startsWith('/api/geo/boundaries')
      ? { type: 'FeatureCollection', features: [village] }
      : url.startsWith('/api/events/geojson')
        ? { type: 'FeatureCollection', features: [point(7, 'red'), point(8, 'blue')] }
        : url.startsWith('/api/events/7')
          ? { event: { id: 7, serialNo: 'E-7', title: 'Event 7', status: 'dispatched', light: 'yellow', riskLevel: 'red', reportedAt: '2026-11-20T02:30:00.000Z' } }
          : {};
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
  canvas.props = null;
});

describe('MapPage', () => {
  it('loads villages and open events of the last 30 days, fits the jurisdiction and counts the points', async () => {
    const fetch = stubApi();
    renderWithApp(<MapPage />, { locale: 'en' });
    expect(await screen.findByText('2 events on the map')).toBeTruthy();
    const urls = fetch.mock.calls.map((c) => c[0] as string);
    expect(urls).toContain('/api/geo/boundaries?level=village');
    const events = urls.find((u) => u.startsWith('/api/events/geojson'))!;
    expect(events).toMatch(/statusKind=open&from=.*&to=.*&limit=100000$/);
    await waitFor(() => expect(canvas.props?.fitTo).toEqual([[115, 28], [115.1, 28.1]]));
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
});
