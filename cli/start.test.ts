/**
 * The README's first command, for real: a fresh data folder, the platform started as a child
 * process, the demo county loaded, a grid worker logs in and reports, the village team gets it;
 * then SIGTERM stops it cleanly and releases the folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

let child: ChildProcessWithoutNullStreams | null = null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-start-'));

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function waitForOutput(
  proc: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('close', (code) => reject(new Error(`exited with ${code}; output:\n${out}`)));
  });
}

describe('npm start on a fresh machine', () => {
  it('starts on the embedded database with the demo county, serves a report end to end, and stops cleanly', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'cli/yiwang.ts', 'start', '--months', '1', '--no-build'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', LOG_LEVEL: 'warn' },
    });
    const [, url] = await waitForOutput(child, /已启动: (http:\/\/[0-9.:]+)/, 150_000);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'grid_worker', password: 'demo123456' }),
    });
    expect(login.status).toBe(200);
    const { token, user } = await login.json();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const grids = await (
      await fetch(`${url}/api/geo/boundaries?level=grid&within=${user.jurisdictionCode}`, { headers })
    ).json();
    const ring: [number, number][] = grids.features[0].geometry.coordinates[0];
    const lng = ring.slice(0, -1).reduce((s, p) => s + p[0], 0) / (ring.length - 1);
    const lat = ring.slice(0, -1).reduce((s, p) => s + p[1], 0) / (ring.length - 1);
    const created = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ categoryCode: 'hazard.fire.exits', description: '楼道堆放杂物', location: { lng, lat } }),
    });
    expect(created.status).toBe(201);
    const { event, assignments } = await created.json();
    expect(event.gridCode).toBe(user.jurisdictionCode);
    const duties = assignments.map((a: { duty: string }) => a.duty);
    expect(duties).toEqual(
      expect.arrayContaining(['grid_worker', 'party_secretary', 'leader_in_charge', 'community_police']),
    );
    // a second process on the same folder is refused while this one runs
    const second = spawn(process.execPath, ['--import', 'tsx', 'cli/yiwang.ts', 'migrate'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    await expect(waitForOutput(second, /already in use by process/, 60_000)).resolves.toBeTruthy();
    // the notification reaches the log driver
    await new Promise((r) => setTimeout(r, 2500));
    const log = fs.readFileSync(path.join(dataDir, 'notifications.log'), 'utf8');
    expect(log).toContain(event.serialNo);
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = null;
    expect(fs.existsSync(path.join(dataDir, 'yiwang.lock'))).toBe(false);
  }, 240_000);
});
