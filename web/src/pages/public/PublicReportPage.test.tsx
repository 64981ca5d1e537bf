// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithApp } from '../../testing/render';
import PublicReportPage, { resetPublicQueue } from './PublicReportPage';
import { MY_REPORTS_KEY, myReports } from './my-reports';
import { PLACES_CACHE_KEY } from './public-places';

beforeEach(() => {
  resetPublicQueue();
  localStorage.removeItem(MY_REPORTS_KEY);
  localStorage.removeItem(PLACES_CACHE_KEY);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const TOKEN = 'tok_abcdefghijklmnopqrstuv';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('PublicReportPage', () => {
  it('queues a citizen report while offline, sends it once with its key and one photo upload, and keeps and shows the tracking code', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      geolocation: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { longitude: 103.1, latitude: 36.6, accuracy: 8 } } as GeolocationPosition),
      },
    });
    let online = false;
    const uploads: string[] = [];
    const posts: { key: string | null; body: Record<string, unknown> }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://localhost');
        if (url.pathname === '/api/public/categories') {
          return json({
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
          });
        }
        if (url.pathname === '/api/public/attachments' && init?.method === 'POST') {
          if (!online) throw new TypeError('Failed to fetch');
          uploads.push('photo');
          return json({ attachment: { id: 'att-1' } }, 201);
        }
        if (url.pathname === '/api/public/events' && init?.method === 'POST') {
          if (!online) throw new TypeError('Failed to fetch');
          posts.push({ key: new Headers(init.headers).get('idempotency-key'), body: JSON.parse(String(init.body)) });
          return json(
            { serialNo: 'SJ202611240007', trackingToken: TOKEN, trackingUrl: `/track/${TOKEN}`, created: true },
            201,
          );
        }
        return json({ error: { code: 'NOT_FOUND', message: 'not mocked' } }, 404);
      }),
    );
    renderWithApp(<PublicReportPage />, { path: '/public/report' });
    const picker = document.querySelector('.ant-cascader') as HTMLElement;
    fireEvent.mouseDown(picker.querySelector('input') ?? picker);
    fireEvent.click(await screen.findByText('火灾隐患', { selector: '.ant-cascader-menu-item-content' }));
    fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), {
      target: { value: 'smoke by the barn' },
    });
    fireEvent.change(screen.getByTestId('photo'), {
      target: { files: [new File(['jpeg'], 'a.jpg', { type: 'image/jpeg' })] },
    });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    await screen.findByText('待发送 1 条');
    await screen.findByText(/已保存在本机，联网后自动发送/);
    expect(posts).toHaveLength(0);

    online = true;
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(posts).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('queue')).toBeNull());
    expect(uploads).toHaveLength(1);
    expect(posts[0].key).toBeTruthy();
    expect(posts[0].body).toMatchObject({
      categoryCode: 'hazard.fire',
      description: 'smoke by the barn',
      location: { lng: 103.1, lat: 36.6, crs: 'wgs84' },
      attachmentIds: ['att-1'],
      idempotencyKey: posts[0].key,
    });
    expect(posts[0].body).not.toHaveProperty('riskLevel');
    // the tracking code: shown, and kept on the device
    expect((await screen.findByTestId('sent-later')).textContent).toContain(TOKEN);
    expect(myReports()).toEqual([expect.objectContaining({ serialNo: 'SJ202611240007', token: TOKEN })]);
    // never twice
    await act(async () => {
      window.dispatchEvent(new Event('online'));
    });
    expect(posts).toHaveLength(1);
  });

  it('online, shows the tracking code at once', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      geolocation: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { longitude: 103.1, latitude: 36.6, accuracy: 8 } } as GeolocationPosition),
      },
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(String(input), 'http://localhost');
        if (url.pathname === '/api/public/categories') {
          return json({
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
          });
        }
        if (url.pathname === '/api/public/events')
          return json(
            { serialNo: 'SJ202611240008', trackingToken: TOKEN, trackingUrl: `/track/${TOKEN}`, created: true },
            201,
          );
        return json({}, 404);
      }),
    );
    renderWithApp(<PublicReportPage />, { path: '/public/report' });
    const picker = document.querySelector('.ant-cascader') as HTMLElement;
    fireEvent.mouseDown(picker.querySelector('input') ?? picker);
    fireEvent.click(await screen.findByText('火灾隐患', { selector: '.ant-cascader-menu-item-content' }));
    fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), {
      target: { value: 'smoke by the barn' },
    });
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect((await screen.findByTestId('token')).textContent).toContain(TOKEN);
    expect(myReports()[0]).toMatchObject({ serialNo: 'SJ202611240008', token: TOKEN });
  });

  it('sends anonymous: true when the citizen turns on 匿名反映', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      geolocation: {
        getCurrentPosition: (ok: PositionCallback) =>
          ok({ coords: { longitude: 103.1, latitude: 36.6, accuracy: 8 } } as GeolocationPosition),
      },
    });
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://localhost');
        if (url.pathname === '/api/public/categories') {
          return json({
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
          });
        }
        if (url.pathname === '/api/public/events') {
          bodies.push(JSON.parse(String(init?.body)));
          return json(
            { serialNo: 'SJ202611240009', trackingToken: TOKEN, trackingUrl: `/track/${TOKEN}`, created: true },
            201,
          );
        }
        return json({}, 404);
      }),
    );
    renderWithApp(<PublicReportPage />, { path: '/public/report' });
    const picker = document.querySelector('.ant-cascader') as HTMLElement;
    fireEvent.mouseDown(picker.querySelector('input') ?? picker);
    fireEvent.click(await screen.findByText('火灾隐患', { selector: '.ant-cascader-menu-item-content' }));
    fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), {
      target: { value: 'smoke by the barn' },
    });
    fireEvent.click(screen.getByRole('switch', { name: '匿名反映' }));
    fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
    expect((await screen.findByTestId('token')).textContent).toContain(TOKEN);
    expect(bodies[0]).toMatchObject({ anonymous: true });
  });

  describe('without a GPS fix: choosing the place', () => {
    const COUNTY = '620999000000';
    const TOWN_A = '620999100000';
    const TOWN_B = '620999101000';
    const VILLAGE = '620999100201';
    const PLACES: Record<string, unknown> = {
      '': { parent: null, items: [{ code: COUNTY, name: '测试县', level: 'county', hasChildren: true }] },
      [COUNTY]: {
        parent: { code: COUNTY, name: '测试县', level: 'county' },
        items: [
          { code: TOWN_A, name: '甲镇', level: 'town', hasChildren: true },
          { code: TOWN_B, name: '乙镇', level: 'town', hasChildren: true },
        ],
      },
      [TOWN_A]: {
        parent: { code: TOWN_A, name: '甲镇', level: 'town' },
        items: [
          { code: VILLAGE, name: '东村', level: 'village', hasChildren: false },
          { code: '620999100202', name: '西村', level: 'village', hasChildren: false },
        ],
      },
      [TOWN_B]: {
        parent: { code: TOWN_B, name: '乙镇', level: 'town' },
        items: [{ code: '620999101201', name: '南社区', level: 'village', hasChildren: false }],
      },
    };

    function denyGeolocation() {
      vi.stubGlobal('navigator', {
        ...navigator,
        geolocation: {
          getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) =>
            fail({ code: 1, message: 'denied' } as GeolocationPositionError),
        },
      });
    }

    /** The platform's public routes; `net.online` false makes the places and the report fail as without a connection (the categories are the page's own concern). */
    function stubServer(net: { online: boolean }) {
      const placeCalls: string[] = [];
      const posts: Record<string, unknown>[] = [];
      vi.stubGlobal(
        'fetch',
        vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
          const url = new URL(String(input), 'http://localhost');
          if (!net.online && url.pathname !== '/api/public/categories') throw new TypeError('Failed to fetch');
          if (url.pathname === '/api/public/categories') {
            return json({
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
            });
          }
          if (url.pathname === '/api/public/places') {
            const parent = url.searchParams.get('parent') ?? '';
            placeCalls.push(parent);
            return PLACES[parent]
              ? json(PLACES[parent])
              : json({ error: { code: 'JURISDICTION_NOT_FOUND', message: 'no' } }, 404);
          }
          if (url.pathname === '/api/public/events' && init?.method === 'POST') {
            posts.push(JSON.parse(String(init.body)));
            return json(
              { serialNo: 'SJ202611240009', trackingToken: TOKEN, trackingUrl: `/track/${TOKEN}`, created: true },
              201,
            );
          }
          return json({ error: { code: 'NOT_FOUND', message: 'not mocked' } }, 404);
        }),
      );
      return { placeCalls, posts };
    }

    async function fillReport() {
      const category = document.querySelector('.ant-cascader') as HTMLElement;
      fireEvent.mouseDown(category.querySelector('input') ?? category);
      fireEvent.click(await screen.findByText('火灾隐患', { selector: '.ant-cascader-menu-item-content' }));
      fireEvent.change(screen.getByPlaceholderText('发生了什么、在哪里、涉及谁'), {
        target: { value: 'smoke by the barn' },
      });
    }

    async function openPlaces() {
      const picker = (await screen.findByTestId('place')).closest('.ant-cascader') as HTMLElement;
      await waitFor(() => expect(picker.className).not.toContain('disabled'));
      fireEvent.mouseDown(picker.querySelector('input') ?? picker);
    }

    const menuItem = (name: string) => screen.findByText(name, { selector: '.ant-cascader-menu-item-content' });

    it('loads the towns of the only county, a town’s villages when it is opened, and sends the village’s code with the address', async () => {
      denyGeolocation();
      const { placeCalls, posts } = stubServer({ online: true });
      renderWithApp(<PublicReportPage />, { path: '/public/report' });
      await fillReport();
      await openPlaces();
      // the single county is chosen for the citizen: its towns are the first column
      expect(await screen.findByText('所在县（区）：测试县')).toBeTruthy();
      expect(screen.queryByText('测试县', { selector: '.ant-cascader-menu-item-content' })).toBeNull();
      expect(placeCalls).toEqual(['', COUNTY]);
      fireEvent.click(await menuItem('甲镇'));
      fireEvent.click(await menuItem('东村'));
      expect(placeCalls).toEqual(['', COUNTY, TOWN_A]);
      expect(screen.getByTestId('location-summary').textContent).toContain('将发送：测试县 / 甲镇 / 东村');
      fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
      await screen.findByText('无定位时请填写地址');
      expect(posts).toHaveLength(0);
      fireEvent.change(screen.getByPlaceholderText('门牌号、小区、路口…'), { target: { value: '东村三组 12 号' } });
      fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
      expect((await screen.findByTestId('token')).textContent).toContain(TOKEN);
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({
        categoryCode: 'hazard.fire',
        jurisdictionCode: VILLAGE,
        address: '东村三组 12 号',
      });
      expect(posts[0]).not.toHaveProperty('location');
    });

    it('offline: picks from the lists this phone loaded before, says when a level needs the network, and queues the chosen place with the report', async () => {
      denyGeolocation();
      const net = { online: true };
      stubServer(net);
      // an earlier visit, online: the towns and 甲镇's villages are loaded (and kept on the phone)
      const first = renderWithApp(<PublicReportPage />, { path: '/public/report' });
      await openPlaces();
      fireEvent.click(await menuItem('甲镇'));
      await menuItem('东村');
      first.unmount();
      resetPublicQueue();

      net.online = false;
      const { posts } = stubServer(net);
      renderWithApp(<PublicReportPage />, { path: '/public/report' });
      await openPlaces();
      expect(await screen.findByText('未联网：显示的是本机上次加载的地点列表')).toBeTruthy();
      // 乙镇's villages were never loaded: the list says it needs the network; the town itself can still be chosen
      fireEvent.click(await menuItem('乙镇'));
      expect((await screen.findByTestId('place-offline')).textContent).toContain('地点列表需要联网');
      fireEvent.click(await menuItem('甲镇'));
      fireEvent.click(await menuItem('西村'));
      expect(screen.getByTestId('location-summary').textContent).toContain('测试县 / 甲镇 / 西村');
      await fillReport();
      fireEvent.change(screen.getByLabelText('地址'), { target: { value: '西村小学门口' } });
      fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));
      await screen.findByText('待发送 1 条');
      expect(posts).toHaveLength(0);

      net.online = true;
      await act(async () => {
        window.dispatchEvent(new Event('online'));
      });
      await waitFor(() => expect(posts).toHaveLength(1));
      expect(posts[0]).toMatchObject({ jurisdictionCode: '620999100202', address: '西村小学门口' });
      expect(posts[0]).not.toHaveProperty('location');
    });
  });
});
