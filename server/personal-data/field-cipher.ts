/**
 * 个人信息加密: personal data (phone and ID numbers) encrypted at rest with AES-256-GCM, and a keyed
 * search hash (HMAC-SHA256) so an exact value can be found without decrypting.
 *
 * A stored value is an envelope `v1:<kid>:<iv>:<tag>:<ciphertext>` (base64url parts, a random
 * 96-bit IV each time), bound to its column by the additional data (`events.reporter_phone`), so a
 * ciphertext copied into another column does not decrypt. The encryption and hash keys are derived
 * (HKDF-SHA256) from one configured key; keys carry ids, the first is used for new values, all
 * decrypt — `rotate-pii-key` re-encrypts to the first (server/personal-data/rotate-pii-key.ts).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface PiiKey {
  /** A short name stored in each envelope: `[a-z0-9]{1,16}`. */
  id: string;
  /** 32 bytes. */
  secret: Buffer;
}

const VERSION = 'v1';
export const PII_KEY_ID_PATTERN = /^[a-z0-9]{1,16}$/;

interface DerivedKey {
  id: string;
  encryption: Buffer;
  hash: Buffer;
}

function derive(key: PiiKey): DerivedKey {
  if (!PII_KEY_ID_PATTERN.test(key.id)) throw new Error(`personal-data key id "${key.id}" must be 1–16 of a-z, 0-9`);
  if (key.secret.length !== 32) throw new Error(`personal-data key "${key.id}" must be 32 bytes`);
  const salt = Buffer.from('yiwang-pii');
  return {
    id: key.id,
    encryption: Buffer.from(hkdfSync('sha256', key.secret, salt, 'aes-256-gcm field encryption', 32)),
    hash: Buffer.from(hkdfSync('sha256', key.secret, salt, 'hmac-sha256 search hash', 32)),
  };
}

export class PersonalDataError extends Error {}

export class FieldCipher {
  private readonly keys: DerivedKey[];

  /** `keys[0]` encrypts and hashes new values; every key decrypts and is searched. */
  constructor(keys: readonly PiiKey[]) {
    if (keys.length === 0) throw new Error('at least one personal-data key is needed');
    const ids = new Set(keys.map((k) => k.id));
    if (ids.size !== keys.length) throw new Error('personal-data key ids must differ');
    this.keys = keys.map(derive);
  }

  get activeKeyId(): string {
    return this.keys[0]!.id;
  }

  /** Whether values under key `id` can be decrypted. */
  hasKey(id: string): boolean {
    return this.keys.some((k) => k.id === id);
  }

  /** The envelope prefix of values under the active key (`v1:<kid>:`): others need re-encrypting. */
  get activePrefix(): string {
    return `${VERSION}:${this.activeKeyId}:`;
  }

  encrypt(plain: string, column: string): string {
    const key = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.encryption, iv);
    cipher.setAAD(Buffer.from(column));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      key.id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ct.toString('base64url'),
    ].join(':');
  }

  decrypt(envelope: string, column: string): string {
    const parts = envelope.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new PersonalDataError('not a personal-data envelope');
    const key = this.keys.find((k) => k.id === parts[1]);
    if (!key) throw new PersonalDataError(`personal-data key "${parts[1]}" is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key.encryption, Buffer.from(parts[2]!, 'base64url'));
    decipher.setAAD(Buffer.from(column));
    decipher.setAuthTag(Buffer.from(parts[3]!, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(parts[4]!, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataError('personal data failed authentication (wrong key, column or a damaged value)');
    }
  }

  /** The search hash of a normalised value under the active key (hex). */
  hash(normalised: string): string {
    return hmac(this.keys[0]!.hash, normalised);
  }

  /** The value's hash under every key: a search matches rows not yet rotated too. */
  searchHashes(normalised: string): string[] {
    return this.keys.map((k) => hmac(k.hash, normalised));
  }
}

function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/** How phone numbers are compared: the digits only, a leading 86 country code dropped from a mobile. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return /^86(1[3-9][0-9]{9})$/.test(digits) ? digits.slice(2) : digits;
}
