/**
 * PGlite has no lock of its own: two processes on one data folder silently lose rows. This lock
 * file (created exclusively, holding the owner's pid) refuses a second process with a clear
 * message, and recovers a lock left behind by a process that died.
 */
import fs from 'node:fs';
import path from 'node:path';

export class FolderLockedError extends Error {
  constructor(folder: string, pid: number) {
    super(
      `the embedded database in ${folder} is already in use by process ${pid}. ` +
        `Stop that process, or set DATA_DIR to another folder (or DATABASE_URL to use PostgreSQL).`,
    );
    this.name = 'FolderLockedError';
  }
}

/** Whether a process with this pid exists on this host (signal 0; EPERM: it exists, not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FolderLock {
  release(): void;
}

export function lockFolder(folder: string): FolderLock {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'yiwang.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new FolderLockedError(folder, pid);
      }
      if (pid === process.pid) throw new FolderLockedError(folder, pid);
      // The owner died without releasing: the lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock on ${folder}`);
}
