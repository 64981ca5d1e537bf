/**
 * Where the personal-data keys come from: PII_KEYS (`id:base64key,…`, the first active) in the
 * configuration; without it, the file `DATA_DIR/pii-keys` (the same format, one a line), made with a
 * fresh random key and mode 0600 on first start. Lose that file and the encrypted phone and ID
 * numbers are lost: back it up apart from the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Schema } from '../db/schema.js';
import { FieldCipher, PII_KEY_ID_PATTERN, type PiiKey } from './field-cipher.js';
import { PersonalDataRepository } from './personal-data.repository.js';

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
      if (at < 1 || !PII_KEY_ID_PATTERN.test(id))
        throw new Error(`${source}: each key is "id:base64", id of 1–16 a-z 0-9`);
      if (secret.length !== 32)
        throw new Error(`${source}: key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`);
      return { id, secret };
    });
  if (keys.length === 0) throw new Error(`${source}: no key`);
  return keys;
}

export function formatPiiKeys(keys: readonly PiiKey[]): string {
  return keys.map((k) => `${k.id}:${k.secret.toString('base64')}`).join('\n') + '\n';
}

/**
 * A fresh random key. Its id is random too (`k` + 8 hex digits), so a key file from another
 * installation or an earlier folder never shares an id with the key the data was encrypted under.
 */
export function newPiiKey(existing: readonly PiiKey[]): PiiKey {
  for (;;) {
    const id = `k${randomBytes(4).toString('hex')}`;
    if (!existing.some((k) => k.id === id)) return { id, secret: randomBytes(32) };
  }
}

/** The keys in force: the configuration's, or the data folder's file (created on first use). */
export function resolvePiiKeys(
  config: Pick<Config, 'piiKeys' | 'dataDir'>,
  onCreate?: (file: string) => void,
): PiiKey[] {
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

export function fieldCipherFor(
  config: Pick<Config, 'piiKeys' | 'dataDir'>,
  onCreate?: (file: string) => void,
): FieldCipher {
  return new FieldCipher(resolvePiiKeys(config, onCreate));
}

/** The keys configured or in the key file, without making one: null when there are none. */
export function configuredPiiKeys(config: Pick<Config, 'piiKeys' | 'dataDir'>): PiiKey[] | null {
  if (config.piiKeys) return config.piiKeys;
  const file = path.join(config.dataDir, PII_KEY_FILE);
  return fs.existsSync(file) ? parsePiiKeys(fs.readFileSync(file, 'utf8'), file) : null;
}

/** The database holds personal data under a key this installation does not have (e.g. restored without its key file). */
export class PiiKeyMissingError extends Error {
  readonly code = 'PII_KEY_MISSING';
}

/** Where the keys of `config` come from, for messages. */
export function piiKeySource(config: Pick<Config, 'piiKeys' | 'dataDir'>): string {
  return config.piiKeys ? 'PII_KEYS' : path.join(config.dataDir, PII_KEY_FILE);
}

/** The key ids the stored data needs that `keys` (null: none) lacks. */
export async function missingPiiKeys(
  db: Kysely<Schema>,
  keys: readonly PiiKey[] | null,
): Promise<{ used: string[]; missing: string[] }> {
  const used = await new PersonalDataRepository(db).keyIdsInUse();
  return { used, missing: used.filter((id) => !keys?.some((k) => k.id === id)) };
}

export function missingKeyMessage(missing: readonly string[], source: string): string {
  return (
    `个人信息密钥缺失 (PII_KEY_MISSING): 数据库中的电话、身份证号以密钥 ${missing.join(', ')} 加密，本机没有该密钥（${source}）。` +
    `请从原安装的数据目录复制 pii-keys 文件（或设置 PII_KEYS）后再启动。\n` +
    `The database holds phone and ID numbers encrypted under key ${missing.join(', ')}, which this installation does not have (${source}). ` +
    `Copy the pii-keys file from the original data folder (or set PII_KEYS), then start again. No new key was made.`
  );
}

/**
 * The cipher the platform starts with: the configured keys, or the key file — made on first start
 * only when the database holds no encrypted value yet. Refuses (PiiKeyMissingError, nothing
 * written) when stored values name a key that is not among them: starting anyway would make new
 * reports under a fresh key while every earlier phone and ID number stayed unreadable.
 */
export async function openFieldCipher(
  config: Pick<Config, 'piiKeys' | 'dataDir'>,
  db: Kysely<Schema>,
  onCreate?: (file: string) => void,
): Promise<FieldCipher> {
  const { missing } = await missingPiiKeys(db, configuredPiiKeys(config));
  if (missing.length) throw new PiiKeyMissingError(missingKeyMessage(missing, piiKeySource(config)));
  return fieldCipherFor(config, onCreate);
}
