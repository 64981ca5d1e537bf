/**
 * Benchmark `web`: the web app's budgets, measured (not asserted in tests).
 *
 *   - Initial JavaScript of the dashboard route, gzip: the entry chunk, the dashboard page chunk
 *     and everything they import statically, from a production build with a Vite manifest —
 *     against the whole app's JavaScript (every chunk, the lazy map and charts included). Budget
 *     ≤ 400 kB.
 *   - Dashboard usable after navigation, in Debian's headless Chromium against the platform
 *     started as `npm start` starts it (demo county, embedded database): from `goto('/dashboard')`
 *     until the KPI cards show their numbers and a chart has drawn — against the same
 *     navigation's `load` event (HTML and entry script in, nothing fetched yet). Budget ≤ 1.5 s.
 *
 * Not measured yet: map frame times while panning with 100k points and 20k grids.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineBenchmark, median, quantile, type BenchContext } from './harness.js';
import { VITE_CONFIG } from '../server/web/web-build.js';
import { launchBrowser, startPlatform, DEMO_PASSWORD } from '../e2e/platform.js';

const NAVIGATIONS = 9;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export default defineBenchmark({
  name: 'web',
  description: 'web budgets: initial JS of the dashboard route (gzip) and dashboard usable time in headless Chromium',
  timeoutMs: 600_000,
  async run(ctx) {
    await measureBundle(ctx);
    await measureDashboard(ctx);
  },
});

async function measureBundle(ctx: BenchContext): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-web-bench-'));
  try {
    const { build } = await import('vite');
    const t0 = performance.now();
    await build({ configFile: VITE_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } });
    ctx.info('production build', performance.now() - t0, 'ms');
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const gz = (file: string) => gzipSync(fs.readFileSync(path.join(outDir, file)), { level: 9 }).length;
    // The static closure of some chunks: what the browser must fetch before they run.
    const closure = (keys: string[]) => {
      const seen = new Set<string>();
      const visit = (key: string) => {
        if (seen.has(key)) return;
        seen.add(key);
        for (const k of manifest[key]?.imports ?? []) visit(k);
      };
      keys.forEach(visit);
      return [...seen].filter((k) => manifest[k]?.file.endsWith('.js'));
    };
    const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
    const dashboard = Object.keys(manifest).find((k) => k.endsWith('pages/dashboard/DashboardPage.tsx'));
    if (!entry || !dashboard) throw new Error('the manifest names no entry or no dashboard page chunk');
    const initial = closure([entry, dashboard]);
    const initialBytes = initial.reduce((n, k) => n + gz(manifest[k].file), 0);
    const allJs = fs
      .readdirSync(path.join(outDir, 'assets'))
      .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
      .reduce((n, f) => n + gz(path.join('assets', f)), 0);
    for (const k of initial) ctx.info(`  initial chunk ${manifest[k].file}`, gz(manifest[k].file) / 1024, 'kB gzip');
    const lazy = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry && !initial.includes(k));
    for (const k of lazy) ctx.info(`  lazy chunk ${k}`, gz(manifest[k].file) / 1024, 'kB gzip');
    ctx.record('dashboard_initial_js_kb_gzip', initialBytes / 1024, 'kB', { name: 'all_js_kb_gzip', value: allJs / 1024 });
    ctx.info('budget: dashboard initial JS ≤ 400 kB gzip', initialBytes / 1024 <= 400 ? 'met' : 'MISSED');
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function measureDashboard(ctx: BenchContext): Promise<void> {
  const platform = await startPlatform();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const login = await context.newPage();
    await login.goto(`${platform.url}/login`);
    await login.locator('input[autocomplete="username"]').fill('county_operator');
    await login.locator('input[autocomplete="current-password"]').fill(DEMO_PASSWORD);
    await login.locator('button[type="submit"]').click();
    await login.locator('[aria-label^="受理量 "]').first().waitFor({ timeout: 60_000 });
    await login.close();

    const usable: number[] = [];
    const loaded: number[] = [];
    for (let i = 0; i < NAVIGATIONS; i++) {
      const page = await context.newPage();
      const t0 = performance.now();
      let loadAt = 0;
      page.once('load', () => (loadAt = performance.now()));
      await page.goto(`${platform.url}/dashboard`, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => {
          const card = document.querySelector('[aria-label^="受理量 "]');
          return !!card && /\d/.test(card.textContent ?? '') && !!document.querySelector('canvas');
        },
        undefined,
        { timeout: 30_000, polling: 'raf' },
      );
      const done = performance.now();
      if (!loadAt) await page.waitForLoadState('load');
      usable.push(done - t0);
      loaded.push((loadAt || performance.now()) - t0);
      await page.close();
    }
    // the first navigation warms caches (server and browser): report the rest
    const u = usable.slice(1).sort((a, b) => a - b);
    const l = loaded.slice(1).sort((a, b) => a - b);
    ctx.record('dashboard_usable_ms_p50', median(u), 'ms', { name: 'load_event_ms_p50', value: median(l) });
    ctx.record('dashboard_usable_ms_p95', quantile(u, 0.95), 'ms', { name: 'load_event_ms_p95', value: quantile(l, 0.95) });
    ctx.info('first (cold) navigation', usable[0], 'ms');
    ctx.info('budget: dashboard usable ≤ 1.5 s', quantile(u, 0.95) <= 1500 ? 'met (p95)' : median(u) <= 1500 ? 'met (p50 only)' : 'MISSED');
  } finally {
    await browser.close();
    await platform.stop();
  }
}
