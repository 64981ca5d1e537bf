/**
 * Building the web app from the command line: `npm start` builds it when web/dist is missing or
 * older than its sources (a fresh clone, a pull), `npm run build:web` always does. The build is
 * Vite's, configured by vite.config.ts at the root; it runs in this process, before the server
 * starts, and never in tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WEB_ROOT = path.join(REPO_ROOT, 'web');
export const VITE_CONFIG = path.join(REPO_ROOT, 'vite.config.ts');

/** Files whose change means the build is out of date, besides everything under web/ (but dist). */
const BUILD_INPUTS = ['vite.config.ts', 'package-lock.json'];

function newestMtime(dir: string, skip: (p: string) => boolean): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, skip));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export type WebBuildState = 'missing' | 'stale' | 'fresh';

/** Whether `distDir` holds a build at least as new as web/ and the build inputs. */
export function webBuildState(distDir: string, webRoot = WEB_ROOT): WebBuildState {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return 'missing';
  const built = fs.statSync(index).mtimeMs;
  const skip = (p: string) => p === distDir || path.basename(p) === 'node_modules' || /\.test\.tsx?$/.test(p);
  let sources = newestMtime(webRoot, skip);
  for (const name of BUILD_INPUTS) {
    const file = path.join(path.dirname(webRoot), name);
    if (fs.existsSync(file)) sources = Math.max(sources, fs.statSync(file).mtimeMs);
  }
  return sources > built ? 'stale' : 'fresh';
}

/** Runs `vite build` (vite.config.ts) into `outDir`. */
export async function buildWeb(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: VITE_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
