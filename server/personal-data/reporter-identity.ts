/**
 * The reporter's personal data on an event: sealed (encrypted, hashed, masked) at intake, shown
 * masked, opened only by an audited unmasking. The columns and their envelopes' additional data.
 */
import { maskIdNumber, maskPhone } from '../../core/personal-data/masking.js';
import { normaliseIdNumber } from '../../core/personal-data/id-number.js';
import { normalisePhone, type FieldCipher } from './field-cipher.js';

export const REPORTER_PHONE = 'events.reporter_phone';
export const REPORTER_ID_NUMBER = 'events.reporter_id_number';

export interface SealedReporterData {
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_masked: string | null;
  reporter_id_number_enc: string | null;
  reporter_id_number_hash: string | null;
  reporter_id_number_masked: string | null;
}

export function sealPhone(pii: FieldCipher, phone: string | null | undefined) {
  if (!phone) return { reporter_phone_enc: null, reporter_phone_hash: null, reporter_phone_masked: null };
  return {
    reporter_phone_enc: pii.encrypt(phone, REPORTER_PHONE),
    reporter_phone_hash: pii.hash(normalisePhone(phone)),
    reporter_phone_masked: maskPhone(phone),
  };
}

export function sealIdNumber(pii: FieldCipher, id: string | null | undefined) {
  if (!id) return { reporter_id_number_enc: null, reporter_id_number_hash: null, reporter_id_number_masked: null };
  const n = normaliseIdNumber(id);
  return {
    reporter_id_number_enc: pii.encrypt(n, REPORTER_ID_NUMBER),
    reporter_id_number_hash: pii.hash(n),
    reporter_id_number_masked: maskIdNumber(n),
  };
}

export function sealReporterData(
  pii: FieldCipher,
  phone: string | null | undefined,
  idNumber: string | null | undefined,
): SealedReporterData {
  return { ...sealPhone(pii, phone), ...sealIdNumber(pii, idNumber) };
}

/** The clear values, for the reporter themself or an audited unmasking. */
export function openReporterData(
  pii: FieldCipher,
  e: { reporter_phone_enc: string | null; reporter_id_number_enc: string | null },
) {
  return {
    phone: e.reporter_phone_enc ? pii.decrypt(e.reporter_phone_enc, REPORTER_PHONE) : null,
    idNumber: e.reporter_id_number_enc ? pii.decrypt(e.reporter_id_number_enc, REPORTER_ID_NUMBER) : null,
  };
}
