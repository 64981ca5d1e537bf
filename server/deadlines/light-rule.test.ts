/**
 * The traffic light (红黄绿灯) has one rule, core/deadlines/traffic-light.ts: yellow from the warn
 * instant, red from the due instant, and a clock finished on time only before that instant. The
 * repository's SQL (opening, relighting, finishing) and the backfill must give the same answer at
 * every boundary — on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../testing/test-context.js';
import { finishedOnTime, lightAt } from '../../core/deadlines/traffic-light.js';
import { lightSql, outcomeSql } from './deadline.repository.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const warn = new Date('2026-12-07T08:00:00.000Z');
const due = new Date('2026-12-07T10:00:00.000Z');
const at = (ms: number, base: Date) => new Date(base.getTime() + ms);
const INSTANTS = [at(-1, warn), warn, at(1, warn), at(-1, due), due, at(1, due)];

describe('one traffic-light rule', () => {
  it('colours a clock in SQL exactly as the core does, at every boundary', async () => {
    for (const now of INSTANTS) {
      const row = await sql<{
        light: string;
      }>`SELECT ${lightSql(now)} AS light FROM (SELECT ${warn}::timestamptz AS warn_at, ${due}::timestamptz AS due_at) c`.execute(
        database.db,
      );
      expect(row.rows[0].light, now.toISOString()).toBe(lightAt(now, warn, due));
    }
  });

  it('counts a clock finished at the due instant as late — the instant its light turned red', () => {
    expect(lightAt(due, warn, due)).toBe('red');
    expect(finishedOnTime(due, due)).toBe(false);
    expect(finishedOnTime(at(-1, due), due)).toBe(true);
  });

  it('finishes a clock in SQL with the same outcome', async () => {
    for (const now of [at(-1, due), due, at(1, due)]) {
      const row = await sql<{
        outcome: string;
      }>`SELECT ${outcomeSql(now)} AS outcome FROM (SELECT ${due}::timestamptz AS due_at) c`.execute(database.db);
      expect(row.rows[0].outcome, now.toISOString()).toBe(finishedOnTime(now, due) ? 'on_time' : 'late');
    }
  });
});
