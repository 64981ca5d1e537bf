import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rollupMigrationSql } from './rollup-migration.js';

describe('migrations/006_analytics.sql', () => {
  it('is what the generator writes from the counter definitions', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations/006_analytics.sql');
    expect(fs.readFileSync(file, 'utf8')).toBe(rollupMigrationSql());
  });
});
