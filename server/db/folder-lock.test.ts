import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { lockFolder, FolderLockedError } from './folder-lock.js';

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('embedded database folder lock', () => {
  it('refuses a second holder while the first lives, and frees on release', () => {
    const dir = tempDir();
    const lock = lockFolder(dir);
    expect(() => lockFolder(dir)).toThrow(FolderLockedError);
    lock.release();
    lockFolder(dir).release();
  });

  it('refuses when another live process holds it, takes over when that process is gone', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    fs.writeFileSync(path.join(dir, 'yiwang.lock'), String(child.pid));
    try {
      expect(() => lockFolder(dir)).toThrow(new RegExp(`in use by process ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const lock = lockFolder(dir);
    expect(fs.readFileSync(path.join(dir, 'yiwang.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'yiwang.lock'))).toBe(false);
  });

  it('makes a second platform process on the same folder exit with a clear message', () => {
    const dir = tempDir();
    const lock = lockFolder(dir);
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/yiwang.ts', 'migrate'], {
        env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`already in use by process ${process.pid}`);
    } finally {
      lock.release();
    }
  });
});
