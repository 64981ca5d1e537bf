/**
 * One event's whole life in a real browser, each step through the pages a person uses:
 *
 *  1. the town centre (镇综治中心) watches its dashboard (综合态势);
 *  2. a citizen without an account, on a phone standing in the demo village's first grid, reports
 *     through 随手拍 (/public/report) and gets a tracking code;
 *  3. the dashboard counts it (受理量 +1) live, without a reload;
 *  4. the village party secretary (the demo village's "3+N" team, auto-dispatched) finds it in the
 *     event desk, signs for it (签收) and escalates it (提级) — grid → village → town — because it is
 *     beyond the village;
 *  5. the town centre assigns it (追加指派) to the county emergency bureau (县应急管理局);
 *  6. the bureau's staff start (开始处置) and resolve it (办结);
 *  7. the town centre verifies (核查) and closes it (结案);
 *  8. the citizen opens the tracking link, sees it closed with its steps, rates it (满意) once, and
 *     is not offered a second rating (the API refuses one too).
 *
 * The API is used only to look things up (the grid's centre point) and to check what the pages
 * claim. Selectors are the catalogue's visible texts (web/src/i18n/zh-CN.ts), labels and roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  api,
  apiLogin,
  button,
  choose,
  desktopContext,
  homeCentroid,
  launchBrowser,
  phoneContext,
  signIn,
  startPlatform,
  type RunningPlatform,
} from './platform.js';

let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** What the story carries from step to step. */
const story = {
  description: `河边有人倾倒建筑垃圾，堆了一大片，气味很大（端到端 ${Date.now().toString(36)}）`,
  place: null as null | { code: string; lng: number; lat: number },
  dashboard: null as null | Page,
  enteredBefore: 0,
  citizen: null as null | Page,
  serialNo: '',
  trackingToken: '',
  trackingPath: '',
  eventId: 0,
  town: null as null | Page,
  closed: false,
};

/** Fails a step at once, and clearly, when an earlier one did not get as far as it needs. */
function after<T>(value: T | null | undefined | '' | 0, what: string): T {
  if (!value) throw new Error(`an earlier step failed: no ${what}`);
  return value;
}

/** The number a KPI card shows, e.g. 受理量 → 760. */
async function figure(page: Page, label: string): Promise<number> {
  const text = await page.locator(`[aria-label^="${label} "]`).first().innerText();
  return Number(text.replace(/[^0-9.]/g, ''));
}

/** Opens an event from the event desk (事件台) by its serial number. */
async function openFromDesk(page: Page, serialNo: string): Promise<void> {
  await page.goto(`${platform.url}/events`);
  const search = page.getByLabel('编号、标题、地址');
  await search.fill(serialNo);
  await search.press('Enter');
  await page.getByRole('link', { name: serialNo }).click();
  await page.waitForURL(/\/events\/\d+/);
  await page.getByText('流转记录').waitFor({ timeout: 30_000 });
}

/** A card of the event detail by its title (流转记录, 承办人员, 可办理操作 …). */
function card(page: Page, title: string): Locator {
  return page.locator('.ant-card').filter({ has: page.getByText(title, { exact: true }) });
}

/** The event detail's header: serial number, title, and the tags of status, risk, light and tier. */
function header(page: Page): Locator {
  return page
    .locator('.ant-card')
    .filter({ has: page.getByRole('heading', { level: 4 }) })
    .first();
}

/** The history card (流转记录) of the event detail. */
function history(page: Page): Locator {
  return card(page, '流转记录');
}

/** The history entries whose action is `action` (e.g. 签收). */
function historyEntries(page: Page, action: string): Locator {
  return history(page)
    .locator('.desk-history-entry')
    .filter({ has: page.getByText(action, { exact: true }) });
}

/** Takes one action through its form (ActionModal): opens it, fills the note, submits, waits for it to close. */
async function act(
  page: Page,
  action: string,
  note?: string,
  fill?: (dialog: Locator) => Promise<void>,
): Promise<void> {
  await button(card(page, '可办理操作'), action).click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  if (note !== undefined) await dialog.getByLabel(/^办理意见/).fill(note);
  await button(dialog, '提交').click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
}

describe('one report from a citizen to closed and rated, through the pages', () => {
  it('the town centre has its dashboard open, live', async () => {
    story.place = await homeCentroid(platform.url, 'grid_worker'); // the demo village's first grid
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.url, 'town_operator');
    await page.locator('[aria-label^="受理量 "]').first().waitFor({ timeout: 30_000 });
    await page.getByText('实时更新中').waitFor({ timeout: 15_000 });
    story.enteredBefore = await figure(page, '受理量');
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 7));
    story.dashboard = page;
  }, 60_000);

  it('a citizen reports through 随手拍 on a phone and gets a tracking code', async () => {
    const phone = await phoneContext(browser, story.place!);
    const page = await phone.newPage();
    await page.goto(`${platform.url}/public/report`);
    await page.getByRole('heading', { name: '随手拍' }).waitFor({ timeout: 30_000 });
    await page
      .getByText(/精度约 12 米/)
      .first()
      .waitFor({ timeout: 15_000 });
    await choose(page, '事件类型', '乱扔', /乱扔乱倒/);
    await page.getByLabel('情况描述').fill(story.description);
    await page.getByLabel('地址', { exact: true }).fill('朝阳社区河边步道');
    await button(page, '提交').click();

    const done = page.getByText(/已收到您的反映，编号 YW\d+/);
    await done.waitFor({ timeout: 30_000 });
    story.serialNo = /YW\d+/.exec(await done.innerText())![0];
    await page.getByText('请保存以下查询码或链接，凭它查看进度并评价').waitFor();
    const link = page.getByRole('link', { name: /\/track\// });
    story.trackingPath = (await link.getAttribute('href'))!;
    story.trackingToken = story.trackingPath.replace(/^\/track\//, '');
    expect(story.trackingToken.length).toBeGreaterThan(10);
    // the code is shown as such, too
    await expect.poll(() => page.getByText(story.trackingToken, { exact: true }).count()).toBeGreaterThan(0);
    story.citizen = page;

    // where it went: the grid it was reported from, through the citizens' channel
    const town = await apiLogin(platform.url, 'town_operator');
    const found = await api<{
      items: { id: number; serialNo: string; jurisdictionCode: string; channel: string; status: string }[];
    }>(platform.url, town, 'GET', `/api/events?q=${encodeURIComponent(story.serialNo)}`);
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({
      jurisdictionCode: story.place!.code,
      channel: 'citizen',
      status: 'dispatched',
    });
    story.eventId = found.items[0].id;
  }, 60_000);

  it('the town’s dashboard counts it live, without reloading', async () => {
    const page = after(story.dashboard, 'dashboard');
    after(story.serialNo, 'report');
    await expect.poll(() => figure(page, '受理量'), { timeout: 15_000, interval: 250 }).toBe(story.enteredBefore + 1);
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(7);
  }, 30_000);

  it('the village party secretary signs for it and escalates it to the town', async () => {
    after(story.serialNo, 'report');
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.url, 'village_secretary');
    const me = await api<{ user: { name: string } }>(
      platform.url,
      await apiLogin(platform.url, 'village_secretary'),
      'GET',
      '/api/auth/me',
    );
    await openFromDesk(page, story.serialNo);

    // what came in: the citizen's words, the channel, the grid, dispatched to the village's team
    await page.getByText(story.description).waitFor();
    await page.getByText('群众上报').first().waitFor();
    await expect.poll(() => header(page).getByText('已分拨', { exact: true }).count()).toBe(1);
    await expect.poll(() => header(page).getByText('网格', { exact: true }).count()).toBe(1);
    await expect.poll(() => historyEntries(page, '上报').count()).toBe(1);
    await expect.poll(() => historyEntries(page, '分拨').count()).toBe(1);

    await act(page, '签收');
    await expect.poll(() => header(page).getByText('已签收', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => historyEntries(page, '签收').filter({ hasText: me.user.name }).count()).toBe(1);

    // 提级 needs a reason: the form says so before anything is sent
    await button(card(page, '可办理操作'), '提级').click();
    const dialog = page.getByRole('dialog', { name: '提级' });
    await button(dialog, '提交').click();
    await dialog.getByText('请填写办理意见').waitFor();
    await dialog.getByLabel(/^办理意见/).fill('河道垃圾量大，需要清运车辆，超出村里的处置能力，提请镇里协调');
    await button(dialog, '提交').click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => header(page).getByText('村(社区)', { exact: true }).count(), { timeout: 15_000 }).toBe(1);

    // and on from the village to the town
    await act(page, '提级', '村级无法调派清运车辆，提级至镇综治中心');
    await expect.poll(() => header(page).getByText('镇(街道)', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => historyEntries(page, '提级').count()).toBe(2);
    await history(page).getByText('村级无法调派清运车辆，提级至镇综治中心').waitFor();
    // still signed for: the state did not move, the holder did
    await expect.poll(() => header(page).getByText('已签收', { exact: true }).count()).toBe(1);
    await context.close();
  }, 90_000);

  it('the town centre assigns it to the county emergency bureau', async () => {
    after(story.serialNo, 'report');
    const page = await after(story.dashboard, 'town centre').context().newPage();
    await openFromDesk(page, story.serialNo);
    await expect.poll(() => header(page).getByText('镇(街道)', { exact: true }).count()).toBe(1);
    await act(page, '追加指派', '请县应急管理局牵头清运，镇里配合', async (dialog) => {
      await choose(page, '承办部门', '应急', '县应急管理局');
      await expect.poll(() => dialog.getByText('县应急管理局').count()).toBeGreaterThan(0);
    });
    await expect.poll(() => header(page).getByText('县直部门', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => historyEntries(page, '追加指派').count()).toBe(1);
    const assignees = card(page, '承办人员');
    await assignees.getByText('县应急管理局').waitFor();
    story.town = page;
  }, 60_000);

  it('the bureau’s staff start and resolve it', async () => {
    after(story.town, 'assignment to the bureau');
    const context = await desktopContext(browser);
    const page = await context.newPage();
    await signIn(page, platform.url, 'department_staff');
    await openFromDesk(page, story.serialNo);
    await expect.poll(() => header(page).getByText('已签收', { exact: true }).count()).toBe(1);

    await act(page, '开始处置');
    await expect.poll(() => header(page).getByText('处置中', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await act(page, '办结', '已调派两台清运车清理完毕，并在河边设立禁倒警示牌');
    await expect.poll(() => header(page).getByText('已办结', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => historyEntries(page, '办结').count()).toBe(1);
    await history(page).getByText('已调派两台清运车清理完毕，并在河边设立禁倒警示牌').waitFor();
    await context.close();
  }, 60_000);

  it('the town centre verifies and closes it', async () => {
    const page = after(story.town, 'town centre page');
    // the detail follows the change live; reload anyway in case the stream reconnected meanwhile
    await page.reload();
    await expect.poll(() => header(page).getByText('已办结', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await act(page, '核查', '现场核查：垃圾已清运，警示牌已设');
    await expect.poll(() => header(page).getByText('已核查', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    await act(page, '结案');
    await expect.poll(() => header(page).getByText('已结案', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    for (const step of ['上报', '分拨', '签收', '提级', '追加指派', '开始处置', '办结', '核查', '结案']) {
      expect(await historyEntries(page, step).count(), step).toBeGreaterThan(0);
    }
    story.closed = true;
  }, 60_000);

  it('the citizen sees it closed with its steps, rates it once, and is not offered a second rating', async () => {
    const page = after(story.citizen, 'citizen page');
    after(story.closed, 'closing');
    await page.getByRole('link', { name: /\/track\// }).click();
    await page.waitForURL((u) => u.pathname === story.trackingPath);
    await page.getByRole('heading', { name: '办理进度' }).waitFor({ timeout: 30_000 });
    await page.getByText(story.serialNo).waitFor();
    const status = page.getByTestId('status');
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe('已结案');
    const steps = page.getByTestId('steps');
    for (const s of ['已上报', '已分拨', '已签收', '处置中', '已办结', '已核查', '已结案']) {
      await steps.getByText(s).first().waitFor();
    }

    await page.getByText('满意', { exact: true }).click();
    await page.getByLabel('意见建议（选填）').fill('清理得很及时，谢谢');
    await button(page, '提交评价').click();
    await page.getByText('您已评价：满意，感谢反馈').waitFor({ timeout: 15_000 });
    await expect.poll(() => button(page, '提交评价').count()).toBe(0);

    // coming back later: the rating is shown, the form is not
    await page.reload();
    await page.getByText('您已评价：满意，感谢反馈').waitFor({ timeout: 30_000 });
    expect(await button(page, '提交评价').count()).toBe(0);

    // and the API refuses a second one
    const again = await fetch(`${platform.url}/api/public/events/${story.trackingToken}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ satisfaction: 'dissatisfied' }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('RATING_ALREADY_GIVEN');

    // the rating reached the event: the town sees it among its follow-ups
    const town = await apiLogin(platform.url, 'town_operator');
    const followUps = await api<{
      rating?: { satisfaction: string } | null;
      citizenRating?: { satisfaction: string } | null;
      summary?: { satisfaction?: string | null };
    }>(platform.url, town, 'GET', `/api/events/${story.eventId}/follow-ups`);
    expect(JSON.stringify(followUps)).toContain('satisfied');
    await page.context().close();
    await story.dashboard!.context().close();
  }, 60_000);
});
