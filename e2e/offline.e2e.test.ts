/**
 * The grid worker's phone without a connection (上报事件, /report): a report made offline is kept
 * on the device (IndexedDB) and shown as queued with its count; it is sent when the browser is
 * online again — exactly once, whatever happens in between: "send now" pressed while offline, the
 * page reloaded while offline, an answer lost on the way back (the server created the event, the
 * phone never heard), "send now" pressed twice. Each report carries one idempotency key.
 * The citizen's 随手拍 (/public/report) queues the same way; the tracking code of a report sent
 * later is shown when it goes and kept on the device.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  api,
  apiLogin,
  button,
  choose,
  homeCentroid,
  launchBrowser,
  phoneContext,
  signIn,
  startPlatform,
  type RunningPlatform,
} from './platform.js';

let platform: RunningPlatform;
let browser: Browser;
let phone: BrowserContext;
let page: Page;
let gridCode: string;
let token: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  const place = await homeCentroid(platform.url, 'grid_worker');
  gridCode = place.code;
  token = await apiLogin(platform.url, 'grid_worker');
  phone = await phoneContext(browser, place);
  page = await phone.newPage();
  await signIn(page, platform.url, 'grid_worker');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

interface Found {
  total: number;
  items: { id: number; serialNo: string; jurisdictionCode: string; description?: string; status: string }[];
}

/** The events on the server whose text contains `description` (the API, not the phone). */
async function onServer(description: string): Promise<Found> {
  return api<Found>(platform.url, token, 'GET', `/api/events?q=${encodeURIComponent(description)}&pageSize=10`);
}

async function openReportPage(): Promise<void> {
  await phone.setOffline(false);
  await page.goto(`${platform.url}/report`);
  await page.getByRole('heading', { name: '上报事件' }).waitFor({ timeout: 30_000 });
  await page
    .getByText(/精度约 12 米/)
    .first()
    .waitFor({ timeout: 15_000 });
}

/** Fills the report form and submits it. */
async function report(description: string): Promise<void> {
  await choose(page, '事件类型', '消防通道', /消防通道堵塞/);
  await page.getByText('黄色', { exact: true }).click();
  await page.getByLabel('情况描述').fill(description);
  await page.getByLabel('地址', { exact: true }).fill('3号楼1单元楼道');
  await button(page, '提交').click();
}

/** The queue's title (待发送 N 条), while anything is queued. */
const queued = () => page.getByText(/待发送 \d+ 条/).first();

describe('reports made without a connection', () => {
  it('queues the report offline, shows it, and sends it once when the browser is online again', async () => {
    const description = `楼道堆放杂物堵塞消防通道（离线上报 ${run}-a）`;
    await openReportPage();
    await phone.setOffline(true);
    await report(description);

    await page.getByText(/网络不通，已保存在本机/).waitFor({ timeout: 15_000 });
    await page.getByText('待发送 1 条').waitFor();
    await page.getByText(description).waitFor();
    await page.getByText('等待发送').waitFor();
    // the form is cleared for the next report
    expect(await page.getByLabel('情况描述').inputValue()).toBe('');

    // "send now" while still offline: it stays, once
    await button(page, '立即发送').click();
    await button(page, '立即发送').click();
    await page.getByText('等待发送').waitFor({ timeout: 10_000 });
    expect(await queued().innerText()).toContain('待发送 1 条');
    expect((await onServer(description)).total).toBe(0);

    // online again: the browser's 'online' event sends it
    await phone.setOffline(false);
    await queued().waitFor({ state: 'detached', timeout: 20_000 });
    const found = await onServer(description);
    expect(found.total).toBe(1);
    expect(found.items[0].jurisdictionCode).toBe(gridCode);

    // nothing left to send twice: a reload and a while later, still one
    await openReportPage();
    await page.waitForTimeout(1500);
    expect(await queued().count()).toBe(0);
    expect((await onServer(description)).total).toBe(1);
  }, 90_000);

  it('keeps a queued report across a reload made offline and sends it once back online', async () => {
    const description = `消防通道被电动车占用（离线上报 ${run}-b）`;
    await openReportPage();
    await phone.setOffline(true);
    await report(description);
    await page.getByText('待发送 1 条').waitFor({ timeout: 15_000 });

    // a reload without a connection fails (no page), and the queue is on the device, not in the page
    await page.reload().catch(() => undefined);
    expect((await onServer(description)).total).toBe(0);

    await openReportPage(); // online again
    // on opening, the page sends what the device kept (the queue may not be drawn yet when the
    // heading is, so wait for the server rather than for the queue to disappear)
    await expect.poll(async () => (await onServer(description)).total, { timeout: 20_000, interval: 500 }).toBe(1);
    await queued().waitFor({ state: 'detached', timeout: 20_000 });
    await page.reload();
    await page.getByRole('heading', { name: '上报事件' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(await queued().count()).toBe(0);
    expect((await onServer(description)).total).toBe(1);
  }, 90_000);

  it('does not report twice when the answer is lost and the worker presses send again and again', async () => {
    const description = `楼道私拉电线给电动车充电（离线上报 ${run}-c）`;
    await openReportPage();
    // the report reaches the server, which creates the event, but the answer never reaches the phone
    let lost = 0;
    await page.route('**/api/events', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fetch();
      lost += 1;
      await route.abort('connectionreset');
    });
    await report(description);
    await page.getByText(/网络不通，已保存在本机/).waitFor({ timeout: 15_000 });
    await page.getByText('待发送 1 条').waitFor();
    expect(lost).toBeGreaterThanOrEqual(1);
    expect((await onServer(description)).total).toBe(1);

    // a reload while the answers are still lost: the page retries on opening, the server knows the key
    await openReportPage();
    await page.getByText('待发送 1 条').waitFor({ timeout: 15_000 });
    await expect.poll(() => lost, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect((await onServer(description)).total).toBe(1);

    // the connection is good again; the worker presses "send now" twice in a row
    await page.unroute('**/api/events');
    const sendNow = button(page, '立即发送');
    await sendNow.click();
    await sendNow.click({ timeout: 2000 }).catch(() => undefined); // gone already if the first was quick
    await queued().waitFor({ state: 'detached', timeout: 20_000 });
    const found = await onServer(description);
    expect(found.total).toBe(1);
    expect(found.items[0].jurisdictionCode).toBe(gridCode);
  }, 90_000);

  it('a citizen’s 随手拍 made offline is sent once back online, and its tracking code is shown and kept', async () => {
    const description = `小区门口路面塌了一个坑，晚上很危险（离线随手拍 ${run}-d）`;
    const citizen = await phoneContext(browser, await homeCentroid(platform.url, 'grid_worker'));
    const mobile = await citizen.newPage();
    await mobile.goto(`${platform.url}/public/report`);
    await mobile.getByRole('heading', { name: '随手拍' }).waitFor({ timeout: 30_000 });
    await mobile
      .getByText(/精度约 12 米/)
      .first()
      .waitFor({ timeout: 15_000 });

    await citizen.setOffline(true);
    await choose(mobile, '事件类型', '道路破损', /道路破损塌陷/);
    await mobile.getByLabel('情况描述').fill(description);
    await button(mobile, '提交').click();
    await mobile.getByText(/网络不通，已保存在本机/).waitFor({ timeout: 15_000 });
    await mobile.getByText('待发送 1 条').waitFor();
    await button(mobile, '立即发送').click();
    await mobile.getByText('等待发送').waitFor({ timeout: 10_000 });
    expect((await onServer(description)).total).toBe(0);

    await citizen.setOffline(false);
    const sentLater = mobile.getByText(/之前保存的 1 条已发送/);
    await sentLater.waitFor({ timeout: 20_000 });
    await mobile
      .getByText(/待发送 \d+ 条/)
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 });
    const found = await onServer(description);
    expect(found.total).toBe(1);
    const serialNo = found.items[0].serialNo;
    // the code shown is the one for this report
    const link = mobile.getByRole('link', { name: serialNo }).first();
    await link.waitFor();
    const trackingToken = (await link.getAttribute('href'))!.replace(/^\/track\//, '');
    const tracked = await fetch(`${platform.url}/api/public/events/${trackingToken}`);
    expect(((await tracked.json()) as { serialNo: string }).serialNo).toBe(serialNo);

    // kept on the device: after a reload it is among "my reports", and nothing is sent again
    await mobile.reload();
    await mobile.getByText('我反映过的').waitFor({ timeout: 30_000 });
    await mobile.getByRole('link', { name: serialNo }).first().waitFor();
    await mobile.waitForTimeout(1500);
    expect((await onServer(description)).total).toBe(1);
    await citizen.close();
  }, 90_000);
});
