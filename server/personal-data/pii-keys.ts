/**
 * Where the personal-data keys come from: PII_KEYS (`id:base64key,…`, the first active) in the
 * configuration; without it, the file `DATA_DIR/pii-keys` (the same format, one a line), made with a
 * fresh random key and mode 0600 on first start. Lose that file and the encrypted phone and ID
 * numbers are lost: back it up apart from the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { FieldCipher, PII_KEY_ID_PATTERN, type PiiKey } from './field-cipher.js';

export const PII_KEY_FILE = 'pii-keys';

/** Parses `id:base64,id:base64` (or one a line); throws naming the problem. */
export function parsePiiKeys(text: string, source: string): PiiKey[] {
  const keys = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'))
    .map((entry) => {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      const secret = Buffer.from(entry.slice(at + 1), 'base64');
      if (at < 1 || !PII_KEY_ID_PATTERN.test(id)) throw new Error(`${source}: each key is "id:base64", id of 1–16 a-z 0-9`);
      if (secret.length !== 32) throw new Error(`${source}: key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`);
      return { id, secret };
    });
  if (keys.length === 0) throw new Error(`${source}: no key`);
  return keys;
}

export function formatPiiKeys(keys: readonly PiiKey[]): string {
  return keys.map((k) => `${k.id}:${k.secret.toString('base64')}`).join('\n') + '\n';
}

export function newPiiKey(existing: readonly PiiKey[]): PiiKey {
  let n = existing.length + 1;
  while (existing.some((k) => k.id === `k${n}`)) n++;
  return { id: `k${n}`, secret: randomBytes(32) };
}

/** The keys in force: the configuration's, or the data folder's file (created on first use). */
export function resolvePiiKeys(config: Pick<Config, 'piiKeys' | 'dataDir'>, onCreate?: (file: string) => void): PiiKey[] {
  if (config.piiKeys) return config.piiKeys;
  const file = path.join(config.dataDir, PII_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, formatPiiKeys([newPiiKey([])]), { mode: 0o600, flag: 'wx' });
      onCreate?.(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return parsePiiKeys(fs.readFileSync(file, 'utf8'), file);
}

export function fieldCipherFor(config: Pick<Config, 'piiKeys' | 'dataDir'>, onCreate?: (file: string) => void): FieldCipher {
  return new FieldCipher(resolvePiiKeys(config, onCreate));
}
