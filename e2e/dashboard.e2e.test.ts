/**
 * In a real browser: a command-centre operator signs in and watches the dashboard; a grid worker
 * reports an event; the dashboard's figure moves without a reload (server-sent events).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, apiLogin, launchBrowser, startPlatform, type RunningPlatform } from './platform.js';

let platform: RunningPlatform;
let browser: Browser;
const SCREENSHOTS = path.resolve(import.meta.dirname, '../docs/screenshots');

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** The number a KPI card shows, e.g. 受理量 → 760. */
async function figure(page: Page, label: string): Promise<number> {
  const text = await page.locator(`[aria-label^="${label} "]`).first().innerText();
  return Number(text.replace(/[^0-9.]/g, ''));
}

describe('command-centre dashboard', () => {
  it('signs in, shows this month’s figures, and counts a new report live without reloading', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(platform.url);
    await page.waitForURL(/\/login/);
    await page.locator('input[autocomplete="username"]').fill('county_operator');
    await page.locator('input[autocomplete="current-password"]').fill('demo123456');
    await page.locator('button[type="submit"]').click();
    await page.locator('[aria-label^="受理量 "]').first().waitFor({ timeout: 30_000 });
    // the charts are drawn, the live stream connected
    await page.locator('canvas').first().waitFor({ timeout: 30_000 });
    await page.getByText('实时更新中').waitFor({ timeout: 15_000 });
    const before = await figure(page, '受理量');
    expect(before).toBeGreaterThan(0);
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42));

    // a grid worker reports a hazard at the centre of their grid
    const gw = await apiLogin(platform.url, 'grid_worker');
    const me = await api<{ user: { jurisdictionCode: string } }>(platform.url, gw, 'GET', '/api/auth/me');
    const grid = await api<{ jurisdiction: { centroid: { lng: number; lat: number } } }>(
      platform.url,
      gw,
      'GET',
      `/api/jurisdictions/${me.user.jurisdictionCode}`,
    );
    await api(platform.url, gw, 'POST', '/api/events', {
      categoryCode: 'hazard.fire.exits',
      riskLevel: 'yellow',
      description: '3号楼楼道堆放杂物堵塞消防通道',
      location: grid.jurisdiction.centroid,
    });

    await expect.poll(() => figure(page, '受理量'), { timeout: 15_000, interval: 250 }).toBe(before + 1);
    // the same page: no reload happened
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png') });

    // further down: the towns coloured by the ranking's KPI on our own boundaries (ECharts map)
    const areaMap = page.locator('.ant-card').filter({ has: page.getByText('各乡镇（街道）着色图') });
    await areaMap.scrollIntoViewIfNeeded();
    const drawing = areaMap.locator('[role="img"][aria-label$="地图"]');
    await drawing.locator('canvas').waitFor({ timeout: 30_000 });
    // the figures are in: the legend reads the colour direction of the ranking's KPI (化解率: higher is better)
    await areaMap.getByText('绿色较好，红色较差').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(800); // ECharts' entry animation
    await areaMap.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-map.png') });
    await page.close();
  }, 120_000);

  it('shows the event detail, the map and the phone report form (screenshots for the README)', async () => {
    const county = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await county.newPage();
    await page.goto(`${platform.url}/login`);
    await page.locator('input[autocomplete="username"]').fill('county_operator');
    await page.locator('input[autocomplete="current-password"]').fill('demo123456');
    await page.locator('button[type="submit"]').click();
    await page.locator('[aria-label^="受理量 "]').first().waitFor({ timeout: 30_000 });

    // the newest open event's detail: timeline and the actions the centre may take
    const token = await apiLogin(platform.url, 'county_operator');
    const list = await api<{ items: { id: number; serialNo: string }[] }>(
      platform.url,
      token,
      'GET',
      '/api/events?statusKind=open&pageSize=1',
    );
    await page.goto(`${platform.url}/events/${list.items[0].id}`);
    await page.getByText(list.items[0].serialNo).first().waitFor({ timeout: 30_000 });
    await page.locator('.ant-timeline').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'event-detail.png') });

    // the map: boundaries and events drawn on a WebGL canvas
    await page.goto(`${platform.url}/map`);
    await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 30_000 });
    // the events are in (the panel counts them; the live stream keeps a connection open, so no
    // 'networkidle'), then give the WebGL frame a moment to draw
    await page.getByText(/地图上共 \d+ 个事件/).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map.png') });
    await county.close();

    // a grid worker's report form on a phone, standing in their grid with GPS allowed
    const gw = await apiLogin(platform.url, 'grid_worker');
    const me = await api<{ user: { jurisdictionCode: string } }>(platform.url, gw, 'GET', '/api/auth/me');
    const grid = await api<{ jurisdiction: { centroid: { lng: number; lat: number } } }>(
      platform.url,
      gw,
      'GET',
      `/api/jurisdictions/${me.user.jurisdictionCode}`,
    );
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      permissions: ['geolocation'],
      geolocation: {
        longitude: grid.jurisdiction.centroid.lng,
        latitude: grid.jurisdiction.centroid.lat,
        accuracy: 12,
      },
    });
    const mobile = await phone.newPage();
    await mobile.goto(`${platform.url}/login`);
    await mobile.locator('input[autocomplete="username"]').fill('grid_worker');
    await mobile.locator('input[autocomplete="current-password"]').fill('demo123456');
    await mobile.locator('button[type="submit"]').click();
    await mobile.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    await mobile.goto(`${platform.url}/report`);
    await mobile.getByRole('heading', { name: '上报事件' }).waitFor({ timeout: 30_000 });
    // the browser's GPS fix is shown with its accuracy
    await mobile
      .getByText(/精度约 12 米/)
      .first()
      .waitFor({ timeout: 10_000 });
    // the fix is the chosen source (the switch slides over from 我的网格 once the fix arrives)
    await mobile.locator('.ant-segmented-item-selected').filter({ hasText: '手机定位' }).waitFor({ timeout: 5_000 });
    await mobile.waitForTimeout(600);
    await mobile.screenshot({ path: path.join(SCREENSHOTS, 'phone-report.png') });
    await phone.close();
  }, 180_000);
});
