/**
 * Stored text is rendered as text: events whose title, description, address, reporter name and an
 * action's note hold script, `<img onerror>`, `<svg onload>` and `javascript:` payloads — one
 * entered by staff through the API, one reported by a citizen through 随手拍 — are opened in
 * Chromium on the event desk, the event detail (with its history) and the public tracking page.
 * On every page nothing ran (`window.__xss` unset, no dialog), no element was made from a payload,
 * and the payload shows literally. The pages' Content-Security-Policy allows no inline script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  api,
  apiLogin,
  desktopContext,
  homeCentroid,
  launchBrowser,
  signIn,
  startPlatform,
  type RunningPlatform,
} from './platform.js';

const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=2">';
const SVG = '"><svg onload="window.__xss=3">';
const LINK = '<a href="javascript:window.__xss=4">点我</a>';
const ALL = [SCRIPT, IMG, SVG, LINK];

let platform: RunningPlatform;
let browser: Browser;
let context: BrowserContext;
const dialogs: string[] = [];
const staffEvent = { id: 0, serialNo: '' };
let trackingToken = '';
let publicSerialNo = '';
const marker = `XSS${Date.now().toString(36)}`;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  context = await desktopContext(browser);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** A fresh page that records any dialog (alert, confirm, prompt) a payload might open. */
async function watchedPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

/** Nothing of the payloads ran or became an element; the texts given are on the page, literally. */
async function expectInert(page: Page, where: string, literals: string[]): Promise<void> {
  // give an onerror/onload time to fire if an element was made
  await page.waitForTimeout(500);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    `${where}: window.__xss`,
  ).toBeUndefined();
  expect(dialogs, `${where}: dialogs`).toEqual([]);
  expect(await page.$('img[src="x"]'), `${where}: <img src=x>`).toBeNull();
  expect(await page.$('svg[onload]'), `${where}: <svg onload>`).toBeNull();
  expect(await page.$('[onerror], [onload]'), `${where}: an event-handler attribute`).toBeNull();
  expect(await page.$('a[href^="javascript:"]'), `${where}: a javascript: link`).toBeNull();
  expect(
    await page.evaluate(() => [...document.scripts].some((s) => s.textContent?.includes('__xss'))),
    `${where}: an inline script`,
  ).toBe(false);
  const text = await page.evaluate(() => document.body.innerText);
  for (const literal of literals) expect(text, `${where}: shows ${literal} as text`).toContain(literal);
}

describe('stored text is rendered safely', () => {
  it('stores events with hostile text through the API, as staff and as a citizen', async () => {
    const token = await apiLogin(platform.url, 'county_operator');
    const place = await homeCentroid(platform.url, 'grid_worker');
    const categories = await api<{ items: { code: string; parentCode: string | null }[] }>(
      platform.url,
      token,
      'GET',
      '/api/public/categories',
    );
    const category = categories.items.find((c) => c.parentCode)!.code;
    const created = await api<{ event: { id: number; serialNo: string } }>(platform.url, token, 'POST', '/api/events', {
      categoryCode: category,
      title: `${marker}${IMG}`,
      description: `${marker} ${ALL.join(' ')}`,
      address: `${SVG}${SCRIPT}`,
      reporterName: IMG,
      reporterPhone: '13800000000',
      location: { lng: place.lng, lat: place.lat },
    });
    staffEvent.id = created.event.id;
    staffEvent.serialNo = created.event.serialNo;
    // an action's note (催办) in the history
    await api(platform.url, token, 'POST', `/api/events/${staffEvent.id}/actions/urge`, { note: `${SCRIPT}${IMG}` });

    const res = await fetch(`${platform.url}/api/public/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        categoryCode: category,
        description: `${marker} 公开 ${ALL.join(' ')}`,
        address: `${IMG}${SVG}`,
        reporterName: SCRIPT,
        location: { lng: place.lng, lat: place.lat },
      }),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    ({ trackingToken, serialNo: publicSerialNo } = (await res.json()) as { trackingToken: string; serialNo: string });
    expect(trackingToken.length).toBeGreaterThan(10);
  }, 60_000);

  it('serves the pages with a Content-Security-Policy that allows no inline script', async () => {
    for (const route of ['/', '/events', `/track/${trackingToken}`, '/api/health']) {
      const res = await fetch(`${platform.url}${route}`);
      const csp = res.headers.get('content-security-policy');
      expect(csp, route).toBeTruthy();
      const directives = Object.fromEntries(
        csp!
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name, values]),
      );
      const scripts: string[] = directives['script-src'] ?? directives['default-src'] ?? [];
      expect(scripts.length, `${route}: script-src or default-src`).toBeGreaterThan(0);
      expect(scripts, route).not.toContain("'unsafe-inline'");
      expect(scripts, route).not.toContain("'unsafe-eval'");
    }
  });

  it('the event desk list shows the title as text', async () => {
    const page = await watchedPage();
    await signIn(page, platform.url, 'county_operator');
    await page.goto(`${platform.url}/events`);
    const search = page.getByLabel('编号、标题、地址');
    await search.fill(staffEvent.serialNo);
    await search.press('Enter');
    await page.getByRole('link', { name: staffEvent.serialNo }).waitFor({ timeout: 30_000 });
    await page.getByText(`${marker}${IMG}`).first().waitFor({ timeout: 15_000 });
    await expectInert(page, 'event desk', [`${marker}${IMG}`]);
  }, 90_000);

  it('the event detail and its history show every field as text', async () => {
    const page = await watchedPage();
    await page.goto(`${platform.url}/events/${staffEvent.id}`);
    await page.getByText('流转记录').waitFor({ timeout: 30_000 });
    await page.getByText(marker).first().waitFor({ timeout: 15_000 });
    await expectInert(page, 'event detail', [...ALL, `${SVG}${SCRIPT}`, `${SCRIPT}${IMG}`]);
  }, 90_000);

  it('the citizen report opened by staff shows its text', async () => {
    const page = await watchedPage();
    await page.goto(`${platform.url}/events`);
    const search = page.getByLabel('编号、标题、地址');
    await search.fill(publicSerialNo);
    await search.press('Enter');
    await page.getByRole('link', { name: publicSerialNo }).click();
    await page.waitForURL(/\/events\/\d+/);
    await page.getByText('流转记录').waitFor({ timeout: 30_000 });
    await page.getByText(marker).first().waitFor({ timeout: 15_000 });
    await expectInert(page, 'event detail (citizen report)', [...ALL, `${IMG}${SVG}`]);
  }, 90_000);

  it('the public tracking page shows the citizen’s text', async () => {
    const fresh = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await fresh.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${platform.url}/track/${trackingToken}`);
    await page.getByText(publicSerialNo, { exact: true }).first().waitFor({ timeout: 30_000 });
    // the page shows the report's subject (its title: the category and the address, which holds payloads), literally
    const tracked = (await (await fetch(`${platform.url}/api/public/events/${trackingToken}`)).json()) as {
      title?: string;
      event?: { title?: string };
    };
    const title = tracked.title ?? tracked.event?.title ?? '';
    expect(title).toContain(IMG);
    await expectInert(page, 'tracking page', [title]);
    await fresh.close();
  }, 90_000);
});
