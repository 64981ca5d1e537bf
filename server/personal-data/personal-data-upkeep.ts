/**
 * Personal-data upkeep, in batches, each its own transaction — idempotent and resumable (a batch
 * picks only what is still to do, so an interrupted run simply starts again):
 * - encryptLegacyPhones: at start-up, phones an earlier version (or a bulk load) stored in clear
 *   are encrypted, hashed, masked and the clear column emptied;
 * - rotatePersonalDataKey (`yiwang rotate-pii-key`): every value under another key re-encrypted
 *   to the active one, its search hash recomputed.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { FieldCipher } from './field-cipher.js';
import { normalisePhone } from './field-cipher.js';
import { PersonalDataRepository } from './personal-data.repository.js';
import { REPORTER_ID_NUMBER, REPORTER_PHONE, sealPhone } from './reporter-identity.js';

export async function encryptLegacyPhones(db: Kysely<Schema>, pii: FieldCipher, batch = 500): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const repo = new PersonalDataRepository(trx);
      const rows = await repo.plainPhones(batch);
      for (const r of rows) await repo.storePhone(r.id, sealPhone(pii, r.reporter_phone));
      return rows.length;
    });
    done += n;
    if (n < batch) return done;
  }
}

export async function rotatePersonalDataKey(
  db: Kysely<Schema>,
  pii: FieldCipher,
  options: { batch?: number; onBatch?: (done: number) => void } = {},
): Promise<{ reencrypted: number; plainEncrypted: number }> {
  const batch = options.batch ?? 500;
  const plainEncrypted = await encryptLegacyPhones(db, pii, batch);
  let reencrypted = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db.transaction().execute(async (trx) => {
      const repo = new PersonalDataRepository(trx);
      const stale = await repo.notUnderKey(pii.activePrefix, afterId, batch);
      for (const r of stale) {
        const phone = r.reporter_phone_enc ? pii.decrypt(r.reporter_phone_enc, REPORTER_PHONE) : null;
        const idNumber = r.reporter_id_number_enc ? pii.decrypt(r.reporter_id_number_enc, REPORTER_ID_NUMBER) : null;
        await repo.storeRotated(r.id, {
          reporter_phone_enc: phone === null ? null : pii.encrypt(phone, REPORTER_PHONE),
          reporter_phone_hash: phone === null ? null : pii.hash(normalisePhone(phone)),
          reporter_id_number_enc: idNumber === null ? null : pii.encrypt(idNumber, REPORTER_ID_NUMBER),
          reporter_id_number_hash: idNumber === null ? null : pii.hash(idNumber),
        });
      }
      return stale;
    });
    reencrypted += rows.length;
    options.onBatch?.(reencrypted);
    if (rows.length < batch) return { reencrypted, plainEncrypted };
    afterId = rows[rows.length - 1]!.id;
  }
}
