import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.js';
import { buildTestCounty, P } from '../testing/test-county.js';
import { backfillClocks } from './backfill-clocks.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await buildTestCounty(ctx.database.db);
});
afterAll(async () => {
  await ctx?.close();
});

describe('backfilling clocks for events loaded without them', () => {
  it('gives them the tier and clocks intake would have, finished by what the history says', async () => {
    ctx.clock.now = new Date('2026-11-24T02:00:00Z');
    const headers = await ctx.login('gw_a1');
    const ids: number[] = [];
    for (const [categoryCode, location] of [
      ['dispute.neighbour.noise', P.inGridA1a],
      ['hazard.gas.leak', P.inGridA1b],
      ['appeal.livelihood.water', P.inVillageA2Gap],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/events',
        headers,
        payload: { categoryCode, description: '测试', location },
      });
      ids.push(res.json().event.id);
    }
    const sec = await ctx.login('sec_a');
    ctx.clock.now = new Date('2026-11-24T03:00:00Z');
    await ctx.app.inject({ method: 'POST', url: `/api/events/${ids[0]}/actions/accept`, headers: sec, payload: {} });
    const db = ctx.database.db;
    const strip = (
      rows: {
        event_id: number;
        step: string;
        tier: string;
        due_at: Date;
        completed_at: Date | null;
        outcome: string | null;
      }[],
    ) =>
      rows
        .map((r) => ({
          event_id: r.event_id,
          step: r.step,
          tier: r.tier,
          due: r.due_at.toISOString(),
          done: r.completed_at?.toISOString() ?? null,
          outcome: r.outcome,
        }))
        .sort((a, b) => `${a.event_id}${a.step}`.localeCompare(`${b.event_id}${b.step}`));
    const original = strip(await db.selectFrom('event_deadlines').selectAll().where('event_id', 'in', ids).execute());
    const tiers = await db.selectFrom('events').select(['id', 'tier']).where('id', 'in', ids).orderBy('id').execute();
    await db.deleteFrom('event_deadlines').where('event_id', 'in', ids).execute();
    await db.updateTable('events').set({ tier: 'county' }).where('id', 'in', ids).execute();
    const filled = await backfillClocks(db, await ctx.clocks.get(), ctx.clock.now);
    expect(filled).toBeGreaterThanOrEqual(3);
    expect(strip(await db.selectFrom('event_deadlines').selectAll().where('event_id', 'in', ids).execute())).toEqual(
      original,
    );
    expect(await db.selectFrom('events').select(['id', 'tier']).where('id', 'in', ids).orderBy('id').execute()).toEqual(
      tiers,
    );
    expect(await backfillClocks(db, await ctx.clocks.get(), ctx.clock.now)).toBe(0);
  });
});
