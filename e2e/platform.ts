/**
 * End-to-end plumbing: the real platform started as a user starts it (`cli/yiwang.ts start`, the
 * demo county on an embedded database in a temporary folder, the web app built if stale), and
 * Debian's Chromium driven by playwright-core with the flags in DEVELOPERS.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const DEMO_PASSWORD = 'demo123456';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RunningPlatform {
  url: string;
  dataDir: string;
  log(): string;
  stop(): Promise<void>;
  /** The server's process id (not for a platform given by `E2E_BASE_URL`). */
  pid?: number;
  /**
   * Kills the process with SIGKILL — no shutdown, the embedded folder's lock left behind, as
   * `kill -9` or the OOM killer leaves it — and resolves once it has exited. The data folder is
   * kept (even a temporary one); `stop` afterwards removes a temporary one.
   */
  kill?(): Promise<void>;
}

/**
 * Starts the platform with the demo county; resolves when it listens. With `E2E_BASE_URL` set
 * (e.g. http://127.0.0.1:3000, a platform started with `npm start`), uses that one instead and
 * leaves it running — quicker while writing a test; the tests make their own events.
 */
export async function startPlatform(timeoutMs = 240_000): Promise<RunningPlatform> {
  const external = process.env.E2E_BASE_URL?.replace(/\/+$/, '');
  if (external) return { url: external, dataDir: '', log: () => '', stop: async () => undefined };
  return startPlatformWith({ timeoutMs });
}

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei (see DEVELOPERS.md)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** Signs in through the API and returns a bearer token. */
export async function apiLogin(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api<T>(url: string, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Signs in through the login page (a fresh context) and waits to leave it. */
export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^登\s?录$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/**
 * A button by its visible label. Ant Design puts a space between two Chinese characters
 * ("签收" reads "签 收"), so the name is matched with optional spaces between characters.
 */
export function button(scope: Page | Locator, label: string): Locator {
  const pattern = [...label].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?');
  return scope.getByRole('button', { name: new RegExp(`^\\s*${pattern}\\s*$`) });
}

/** The centre (WGS-84) of a demo login's own jurisdiction — e.g. grid_worker's grid. */
export async function homeCentroid(url: string, username: string): Promise<{ code: string; lng: number; lat: number }> {
  const token = await apiLogin(url, username);
  const me = await api<{ user: { jurisdictionCode: string } }>(url, token, 'GET', '/api/auth/me');
  const j = await api<{ jurisdiction: { centroid: { lng: number; lat: number } } }>(
    url,
    token,
    'GET',
    `/api/jurisdictions/${me.user.jurisdictionCode}`,
  );
  return { code: me.user.jurisdictionCode, ...j.jurisdiction.centroid };
}

/** A phone-sized context (Chinese, touch), with GPS granted at `at` when given. */
export function phoneContext(browser: Browser, at?: { lng: number; lat: number }): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(at ? { permissions: ['geolocation'], geolocation: { longitude: at.lng, latitude: at.lat, accuracy: 12 } } : {}),
  });
}

/** A desktop context (Chinese), for the command centres and the event desk. */
export function desktopContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

export interface PlatformOptions {
  /** Use this DATA_DIR (e.g. one prepared with `cli/yiwang.ts demo`) and leave it in place on stop. */
  dataDir?: string;
  /** Arguments after `start` (e.g. `--no-demo`, `--scale 7`). */
  args?: string[];
  /** Extra environment (e.g. MAP_TILES). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Starts the platform as `startPlatform` does, with options: a prepared data folder (kept on stop;
 * a temporary one is removed as usual), `start` arguments and extra environment.
 */
export async function startPlatformWith(options: PlatformOptions = {}): Promise<RunningPlatform> {
  const own = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-e2e-'));
  const timeoutMs = options.timeoutMs ?? 240_000;
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, '..');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/yiwang.ts', 'start', ...(options.args ?? [])],
    {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        // every answer checked against its route's response schema (server/http/contract.ts)
        CHECK_ANSWERS: 'true',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the platform did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    child.stdout!.on('data', () => {
      if (output.includes('已启动')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    log: () => output,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      if (own) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Picks an option of a searchable field by its label: types `search`, then clicks the option whose
 * text matches — a cascader's search result ("不文明现象 / 乱扔乱倒") or a select's option.
 */
export async function choose(page: Page, label: string, search: string, option: string | RegExp): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  const select = page.locator('.ant-select').filter({ has: field }).first();
  // on a loaded machine the options can arrive (and re-render) while the first click lands: then
  // nothing is chosen, and the search is typed again — never a second click on a chosen option
  for (let attempt = 1; ; attempt++) {
    await field.click();
    await field.fill(search);
    await page.getByRole('menuitemcheckbox', { name: option }).or(page.getByTitle(option)).first().click();
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && (await select.getByText(option).count()) === 0) await page.waitForTimeout(100);
    if ((await select.getByText(option).count()) > 0 || attempt === 3) return;
  }
}
