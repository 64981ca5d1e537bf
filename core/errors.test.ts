import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

const doc = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/errors.md'), 'utf8');
const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => ({ code: m[1], status: Number(m[2]) }));
const STATUS: Record<string, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

describe('docs/errors.md', () => {
  it('lists every error code with its status, and nothing that does not exist', () => {
    const inCode = Object.keys(ERROR_CODES).sort();
    const inDoc = documented.map((d) => d.code).filter((c) => c !== 'INTERNAL').sort();
    expect(inDoc).toEqual(inCode);
    for (const { code, status } of documented) {
      if (code === 'INTERNAL') continue;
      expect(status, code).toBe(STATUS[ERROR_CODES[code as keyof typeof ERROR_CODES]]);
    }
  });
});
