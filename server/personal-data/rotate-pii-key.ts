/**
 * `yiwang rotate-pii-key`: moves every encrypted personal-data value to the active key.
 * - With PII_KEYS set, put the new key first (`k2:…,k1:…`) and run it; keep the old key listed
 *   until it reports nothing left, then remove it.
 * - With the data folder's key file, the command adds a fresh key at its head (the old ones stay for
 *   decryption) — unless a previous run was interrupted, when it finishes that one instead.
 * Batches are their own transactions and pick only what is still under another key: run it again
 * after an interruption and it carries on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Schema } from '../db/schema.js';
import { FieldCipher } from './field-cipher.js';
import {
  PII_KEY_FILE,
  configuredPiiKeys,
  formatPiiKeys,
  missingKeyMessage,
  missingPiiKeys,
  newPiiKey,
  piiKeySource,
  resolvePiiKeys,
} from './pii-keys.js';
import { PersonalDataRepository } from './personal-data.repository.js';
import { rotatePersonalDataKey } from './personal-data-upkeep.js';

export async function rotatePiiKeyCommand(
  config: Config,
  db: Kysely<Schema>,
  log: (line: string) => void = console.log,
): Promise<number> {
  // rotating needs every key the data is under: never make a fresh one in place of a lost file
  const { missing } = await missingPiiKeys(db, configuredPiiKeys(config));
  if (missing.length) {
    log(missingKeyMessage(missing, piiKeySource(config)));
    return 1;
  }
  let keys = resolvePiiKeys(config);
  const repo = new PersonalDataRepository(db);
  if (!config.piiKeys) {
    const pending = await repo.countPending(new FieldCipher(keys).activePrefix);
    if (pending.otherKey === 0) {
      keys = [newPiiKey(keys), ...keys];
      const file = path.join(config.dataDir, PII_KEY_FILE);
      fs.writeFileSync(`${file}.new`, formatPiiKeys(keys), { mode: 0o600 });
      fs.renameSync(`${file}.new`, file);
      log(`new personal-data key "${keys[0]!.id}" added to ${file} (older keys kept for decryption)`);
    } else {
      log(`finishing an interrupted rotation to key "${keys[0]!.id}" (${pending.otherKey} events left)`);
    }
  }
  const pii = new FieldCipher(keys);
  const started = Date.now();
  const result = await rotatePersonalDataKey(db, pii, { onBatch: (n) => log(`  ${n} events re-encrypted …`) });
  const left = await repo.countPending(pii.activePrefix);
  log(
    `personal data now under key "${pii.activeKeyId}": ${result.reencrypted} events re-encrypted, ${result.plainEncrypted} clear phones encrypted, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (left.plain || left.otherKey) {
    log(`still left: ${left.plain} clear, ${left.otherKey} under other keys — run the command again`);
    return 1;
  }
  log(
    'nothing is left under older keys: they may be removed from the configuration once backups made with them have expired',
  );
  return 0;
}
