import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../testing/test-context.js';
import { JobScheduler } from './job-scheduler.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('durable job schedule', () => {
  it('runs a due job once across processes, again after its interval, and survives a crashed holder', async () => {
    const clock = { now: new Date('2026-11-24T00:00:00Z') };
    let runs = 0;
    const job = { name: 'test-job', intervalMs: 60_000, run: async () => void runs++ };
    const a = new JobScheduler(database.db, [job], { now: () => clock.now, leaseMs: 120_000 });
    const b = new JobScheduler(database.db, [job], { now: () => clock.now, leaseMs: 120_000 });
    await a.register();
    await b.register();
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ranA.length + ranB.length).toBe(1);
    expect(runs).toBe(1);
    expect(await b.runDue()).toEqual([]);
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect(await b.runDue()).toEqual(['test-job']);
    expect(runs).toBe(2);

    // a process takes the lease and dies mid-run: nobody runs it until the lease is over, then someone does
    clock.now = new Date(clock.now.getTime() + 61_000);
    await sql`UPDATE scheduled_jobs SET locked_until = ${new Date(clock.now.getTime() + 120_000)}, locked_by = 'dead-process' WHERE name = 'test-job'`.execute(
      database.db,
    );
    expect(await a.runDue()).toEqual([]);
    clock.now = new Date(clock.now.getTime() + 121_000);
    expect(await a.runDue()).toEqual(['test-job']);
    expect(runs).toBe(3);
  });

  it('records a failure and keeps the schedule', async () => {
    const clock = { now: new Date('2026-11-24T00:00:00Z') };
    const errors: string[] = [];
    const s = new JobScheduler(
      database.db,
      [
        {
          name: 'failing-job',
          intervalMs: 60_000,
          run: async () => {
            throw new Error('boom');
          },
        },
      ],
      {
        now: () => clock.now,
        onError: (name) => errors.push(name),
      },
    );
    await s.register();
    expect(await s.runDue()).toEqual(['failing-job']);
    const row = await database.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('name', '=', 'failing-job')
      .executeTakeFirstOrThrow();
    expect(row.last_error).toContain('boom');
    expect(row.locked_until).toBeNull();
    expect(row.next_run_at.getTime()).toBe(clock.now.getTime() + 60_000);
    expect(errors).toEqual(['failing-job']);
  });
});
