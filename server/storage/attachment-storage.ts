/**
 * Where attachment bytes live. The platform talks to this interface only; the disk driver keeps
 * files under the data folder, and an object store can take its place later.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface AttachmentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

export class DiskStorage implements AttachmentStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!/^[a-zA-Z0-9/_.-]+$/.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, file);
  }

  get(key: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

/** For tests: nothing touches the disk. */
export class MemoryStorage implements AttachmentStorage {
  readonly files = new Map<string, Buffer>();
  async put(key: string, bytes: Uint8Array) {
    this.files.set(key, Buffer.from(bytes));
  }
  async get(key: string) {
    const file = this.files.get(key);
    if (!file) throw new Error(`no file ${key}`);
    return file;
  }
  async delete(key: string) {
    this.files.delete(key);
  }
}
