import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';
import { STATUS_BY_KIND } from '../server/http/error-handler.js';

const doc = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/errors.md'), 'utf8');
const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => ({
  code: m[1],
  status: Number(m[2]),
}));
// the status the server actually sends for each kind
const STATUS: Record<string, number> = STATUS_BY_KIND;

describe('docs/errors.md', () => {
  it('lists every error code with its status, and nothing that does not exist', () => {
    const inCode = Object.keys(ERROR_CODES).sort();
    const inDoc = documented
      .map((d) => d.code)
      .filter((c) => c !== 'INTERNAL')
      .sort();
    expect(inDoc).toEqual(inCode);
    for (const { code, status } of documented) {
      if (code === 'INTERNAL') continue;
      expect(status, code).toBe(STATUS[ERROR_CODES[code as keyof typeof ERROR_CODES]]);
    }
  });
});
