/**
 * Benchmark `deadlines`: the clock sweep (超期扫描) over a large county — 1M and 10M events by
 * default, a quarter of them open — on PostgreSQL (a fresh schema, dropped afterwards) and on the
 * embedded database (PGlite in a temporary folder, deleted afterwards), then the delivery of the
 * notices it queued.
 *
 * The data is made with set-based SQL (INSERT … SELECT … FROM generate_series) after the real
 * migrations, reference data and the demo county's organisation (without its events): events
 * placed in real grids, 1–3 active assignments per open event taken from the grids' bindings, and
 * clocks in event_deadlines — the closed events' completed, the open events' spread so that at the
 * benchmark's `now` a known share must turn yellow or red (some of them dispute ladder clocks, so
 * that automatic escalation runs too).
 *
 * Figures, each next to a baseline measured on the same database in the same run:
 *   - one full sweep (`sweepDeadlines`: every due transition, its notices and escalations) vs a
 *     plain indexed SELECT of the same due rows, as rows/s and as wall time;
 *   - a sweep with nothing due (the steady state, every minute) vs the same SELECT returning nothing;
 *   - `OutboxDispatcher.drain()` with a MemoryNotifier over the notices the sweep queued vs raw
 *     single-row `UPDATE … SET state = 'sent' WHERE id = $1` on a copy of the outbox, same ids.
 *
 * DEADLINES_BENCH_SIZES=1000000,10000000 (default) chooses the PostgreSQL sizes; the embedded
 * database gets the smallest of them, at most 1M (DEADLINES_BENCH_PGLITE_SIZE overrides, 0 skips).
 * DEADLINES_BENCH_DUE_CAP and DEADLINES_BENCH_OUTBOX_CAP bound the clocks due and the notices
 * delivered. The default run takes about 21 minutes on a shared 2-core machine, nearly all of it
 * making the 10M events' data; see bench/README.md.
 */
import { sql, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { Schema } from '../server/db/schema.js';
import type { Database } from '../server/db/database.js';
import { sweepDeadlines } from '../server/deadlines/deadline-sweep.js';
import { wireDomainEvents } from '../server/domain-event-wiring.js';
import { DeadlineRepository } from '../server/deadlines/deadline.repository.js';
import { KpiRepository } from '../server/analytics/kpi.repository.js';
import { DatabaseClockSettings, calendarFor } from '../server/deadlines/clock-settings.js';
import { OutboxDispatcher } from '../server/notify/outbox-dispatcher.js';
import { OutboxRepository } from '../server/notify/outbox.repository.js';
import { MemoryNotifier } from '../server/notify/notifier.js';
import { defineBenchmark, median, type BenchContext, type DbKind } from './harness.js';
import {
  assertSameSchema,
  createBenchGrids,
  createBenchU,
  demoEventTexts,
  dropIndexesAndConstraints,
  executionTime,
  explainQuery,
  explainRolledBack,
  insertBenchTexts,
  loadDemoOrganisation,
  parseSizes,
  printPlans,
  restoreIndexesAndConstraints,
  runTasks,
  schemaFingerprint,
  sizeLabel,
  tableSizes,
  runOnSizes,
} from './bench-database.js';

/** At most this many of the queued notices are delivered (and as many raw updates made). */
const OUTBOX_CAP = Number(process.env.DEADLINES_BENCH_OUTBOX_CAP ?? 20_000);
/**
 * At most about this many clocks of each colour are due at `now`: the shares below hold up to 1M
 * events and shrink beyond (at 0.5 % each, 10M events would have 57,000 clocks to move).
 */
const DUE_CAP = Number(process.env.DEADLINES_BENCH_DUE_CAP ?? 10_000);
/** Rounds of delivery alternating with rounds of raw updates. */
const OUTBOX_ROUNDS = 8;
/** The sweep's own default batch (clocks per transaction). */
const SWEEP_BATCH = 500;
/** Events per generating statement (a progress line each). */
const CHUNK = { postgres: 500_000, pglite: 250_000 } as const;

/** The share of open clocks in each state at `now` (drawn per clock; the first three capped by DUE_CAP). */
const SHARE = {
  /** green, warn_at passed, due_at not: must turn yellow. */
  yellowDue: 0.005,
  /** green or yellow, due_at passed: must turn red. */
  redDue: 0.005,
  /** …but for the dispute ladder's tier clocks (each turning red escalates its event). */
  tierRedDue: 0.001,
  /** already yellow (an earlier sweep saw it), not yet due. */
  yellow: 0.05,
  /** already red (overdue for a while). */
  red: 0.03,
} as const;
/** Open events that are suspended (挂起): their clocks are paused. */
const SUSPENDED = 0.01;
/** Share of events that are open (the rest closed: 结案, 撤销, 合并). */
const OPEN = 0.25;

export default defineBenchmark({
  name: 'deadlines',
  description:
    'clock sweep over 1M/10M events vs a plain indexed SELECT of the due rows; outbox delivery vs raw UPDATEs',
  timeoutMs: 40 * 60_000,
  async run(ctx) {
    // the sweep's escalations (五级九天) are the events area's answer to its TierTimeRanOut: wired as the app wires it
    wireDomainEvents();
    const sizes = parseSizes('DEADLINES_BENCH_SIZES', process.env.DEADLINES_BENCH_SIZES || '1000000,10000000', 10_000);
    const pgliteSize = process.env.DEADLINES_BENCH_PGLITE_SIZE
      ? parseSizes('DEADLINES_BENCH_PGLITE_SIZE', process.env.DEADLINES_BENCH_PGLITE_SIZE, 10_000, true)[0]
      : Math.min(1_000_000, ...sizes);
    await runOnSizes(
      ctx,
      'deadlines',
      {
        sizes,
        pgliteSize,
        settings: ['server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'max_wal_size'],
      },
      (kind, database, size) => benchDatabase(ctx, kind, database, size),
    );
  },
});

// ---------------------------------------------------------------------------------------------
// One database, one size
// ---------------------------------------------------------------------------------------------

interface Expected {
  /** Rows of the baseline SELECT: every clock that must move. */
  due: number;
  red: number;
  yellow: number;
  escalations: number;
}

async function benchDatabase(ctx: BenchContext, kind: DbKind, database: Database, size: number): Promise<void> {
  const { db } = database;
  const tag = `${kind}_${sizeLabel(size)}`;
  const label = `${kind} ${sizeLabel(size)}`;
  ctx.usedDatabase(kind);
  // The benchmark's "now": every clock is placed relative to it, and the sweep runs at it.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);

  await loadDemoOrganisation(ctx, label, db, now);

  const generated = await generate(ctx, kind, db, size, now);
  const expected = await expectations(db, now);
  ctx.info(
    `${label}: generated`,
    `${generated.events.toLocaleString('en-US')} events (${generated.open.toLocaleString('en-US')} open), ` +
      `${generated.assignments.toLocaleString('en-US')} assignments, ${generated.clocks.toLocaleString('en-US')} clocks ` +
      `(${generated.openClocks.toLocaleString('en-US')} open); due now: ${expected.red} red + ${expected.yellow} yellow, ${expected.escalations} escalations`,
  );
  ctx.info(
    `${label}: generation time`,
    generated.phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', '),
  );
  ctx.info(`${label}: generation total`, generated.totalMs / 1000, 's');
  if (expected.red === 0 || expected.yellow === 0 || expected.escalations === 0)
    throw new Error(`${label}: the data has nothing to sweep (${JSON.stringify(expected)})`);

  const clocks = new DatabaseClockSettings(db, calendarFor(db));
  await clocks.get(); // a running server has the settings cached

  // Plans of the sweep's hot queries and of the baseline, executed and rolled back.
  await explainPlans(ctx, label, db, now);

  // Baseline: a plain SELECT of the same due rows, fully fetched (three times; the median counts).
  const selectDue = () => timedSelectDue(db, now);
  const selectRuns: { ms: number; rows: number; ids: number[] }[] = [];
  for (let k = 0; k < 3; k++) selectRuns.push(await selectDue());
  for (const r of selectRuns)
    if (r.rows !== expected.due)
      throw new Error(`${label}: the due SELECT returned ${r.rows} rows, expected ${expected.due}`);
  const selectMs = median(selectRuns.map((r) => r.ms));
  ctx.info(`${label}: due SELECT runs`, selectRuns.map((r) => r.ms.toFixed(1)).join(', '), `ms (${expected.due} rows)`);
  const splitRuns: number[] = [];
  for (let k = 0; k < 3; k++) {
    const r = await timedSplitSelectDue(db, now);
    if (r.rows !== expected.due)
      throw new Error(`${label}: the split due SELECT returned ${r.rows} rows, expected ${expected.due}`);
    splitRuns.push(r.ms);
  }
  ctx.info(`${label}: the same rows as two index range scans (UNION ALL)`, median(splitRuns), 'ms');

  // What one round trip costs right now (printed, to read the sweep's statement times against).
  const roundTrips: number[] = [];
  for (let k = 0; k < 300; k++) {
    const r0 = performance.now();
    await sql`SELECT 1`.execute(db);
    roundTrips.push(performance.now() - r0);
  }
  const roundTripMs = median(roundTrips);

  // The sweep, once, over everything due (its statements timed on the way).
  const profile = new StatementProfile();
  const batchMs: number[] = [];
  let batchStart = performance.now();
  ctx.log(`${label}: sweeping ${expected.due} due clocks…`);
  const t0 = performance.now();
  const result = await sweepDeadlines(
    {
      db: db.withPlugin(profile),
      now: () => now,
      clocks,
      afterBatch: () => {
        const t = performance.now();
        batchMs.push(t - batchStart);
        batchStart = t;
      },
    },
    SWEEP_BATCH,
  );
  const sweepMs = performance.now() - t0;
  const transitions = result.warned + result.overdue;
  // An escalation supersedes its event's sign, respond and tier clocks (and the resolve clock when
  // the new tier has its own rule): a due clock of that event not claimed yet is finished instead.
  const left = (
    await sql<{ red_left: number; yellow_left: number; superseded: number }>`
      SELECT count(*) FILTER (WHERE due_at <= ${now} AND light <> 'red') AS red_left,
             count(*) FILTER (WHERE due_at > ${now} AND light = 'green') AS yellow_left,
             count(*) FILTER (WHERE ((due_at <= ${now} AND light <> 'red') OR (due_at > ${now} AND light = 'green')) AND outcome = 'superseded') AS superseded
      FROM event_deadlines WHERE id = ANY(${selectRuns.at(-1)!.ids}::integer[])`.execute(db)
  ).rows[0];
  const redLeft = Number(left.red_left);
  const yellowLeft = Number(left.yellow_left);
  if (
    result.overdue !== expected.red - redLeft ||
    result.warned !== expected.yellow - yellowLeft ||
    Number(left.superseded) !== redLeft + yellowLeft ||
    result.escalated !== expected.escalations
  ) {
    throw new Error(
      `${label}: the sweep did ${JSON.stringify(result)}, expected ${JSON.stringify(expected)} less ${JSON.stringify(left)} superseded by escalations`,
    );
  }
  const queued = await countPending(db);
  ctx.info(
    `${label}: sweep`,
    `${result.overdue} red + ${result.warned} yellow, ${result.escalated} escalations, ${queued} notices queued, ` +
      `${redLeft + yellowLeft} due clocks superseded by an escalation before their turn, ` +
      `${batchMs.length} batches of ≤${SWEEP_BATCH} (ms: first ${batchMs[0]?.toFixed(0)}, median ${median(batchMs).toFixed(0)}, max ${Math.max(...batchMs).toFixed(0)})`,
  );
  ctx.info(
    `${label}: sweep statements`,
    `${profile.count} (${(profile.count / transitions).toFixed(2)} per transition), ${Math.round(profile.totalMs)} ms of the sweep's ${Math.round(sweepMs)} ms ` +
      `waiting for them; a SELECT 1 round trip takes ${roundTripMs.toFixed(2)} ms here`,
  );
  process.stdout.write(profile.report(8, `${label}: sweep statements by time taken`));
  ctx.record(`sweep_rows_per_s_${tag}`, transitions / (sweepMs / 1000), 'rows/s', {
    name: `select_due_rows_per_s_${tag}`,
    value: expected.due / (selectMs / 1000),
  });
  ctx.record(`sweep_ms_${tag}`, sweepMs, 'ms', { name: `select_due_ms_${tag}`, value: selectMs });

  // Nothing due any more: the sweep every minute in the steady state, against the same SELECT.
  const idleSweep: number[] = [];
  const idleSelect: number[] = [];
  for (let k = 0; k < 6; k++) {
    const sweepOnce = async () => {
      const s0 = performance.now();
      const r = await sweepDeadlines({ db, now: () => now, clocks }, SWEEP_BATCH);
      idleSweep.push(performance.now() - s0);
      if (r.warned + r.overdue + r.escalated !== 0)
        throw new Error(`${label}: a second sweep still found work: ${JSON.stringify(r)}`);
    };
    const selectOnce = async () => {
      const r = await selectDue();
      if (r.rows !== 0) throw new Error(`${label}: after the sweep the due SELECT still returns ${r.rows} rows`);
      idleSelect.push(r.ms);
    };
    if (k % 2 === 0) {
      await sweepOnce();
      await selectOnce();
    } else {
      await selectOnce();
      await sweepOnce();
    }
  }
  ctx.info(`${label}: idle sweeps`, idleSweep.map((ms) => ms.toFixed(1)).join(', '), 'ms');
  const splitIdle: number[] = [];
  for (let k = 0; k < 3; k++) splitIdle.push((await timedSplitSelectDue(db, now)).ms);
  ctx.info(`${label}: nothing due, as two index range scans (UNION ALL)`, median(splitIdle), 'ms');
  ctx.record(`idle_sweep_ms_${tag}`, median(idleSweep), 'ms', {
    name: `select_none_due_ms_${tag}`,
    value: median(idleSelect),
  });

  await benchOutbox(ctx, label, tag, db, now);
  await tableSizes(ctx, label, db, ['events', 'event_deadlines', 'event_assignments', 'outbox']);
  // After every measurement (it leaves dead row versions behind): the plan of the sweep's costliest
  // statement at 10M, over the events of the first 500 clocks it moved.
  const eventIds = (
    await sql<{ event_id: number }>`
      SELECT DISTINCT event_id FROM event_deadlines WHERE id = ANY(${selectRuns.at(-1)!.ids.slice(0, SWEEP_BATCH)}::integer[])`.execute(
      db,
    )
  ).rows.map((r) => r.event_id);
  const plan = await explainRolledBack(db, (trx) => new DeadlineRepository(trx).syncEventLight(eventIds));
  printPlans(
    `${label}: plan of the sweep's syncEventLight over ${eventIds.length} events (EXPLAIN ANALYZE, rolled back)`,
    [['syncEventLight', plan]],
  );
}

/**
 * Times every statement of the code it is plugged into (from compiling it to having its result,
 * so the round trip included), grouped by what it is: the first words of raw SQL, or the kind of
 * query and its table.
 */
class StatementProfile implements KyselyPlugin {
  private readonly started = new WeakMap<object, { label: string; t0: number }>();
  readonly byLabel = new Map<string, number[]>();
  count = 0;
  totalMs = 0;

  transformQuery({ node, queryId }: Parameters<KyselyPlugin['transformQuery']>[0]): RootOperationNode {
    this.started.set(queryId, { label: statementLabel(node), t0: performance.now() });
    return node;
  }

  async transformResult({ result, queryId }: Parameters<KyselyPlugin['transformResult']>[0]) {
    const s = this.started.get(queryId);
    if (s) {
      const ms = performance.now() - s.t0;
      this.count++;
      this.totalMs += ms;
      const list = this.byLabel.get(s.label) ?? [];
      list.push(ms);
      this.byLabel.set(s.label, list);
    }
    return result;
  }

  report(top: number, title: string): string {
    const rows = [...this.byLabel]
      .map(([label, list]) => ({ label, list, total: list.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total);
    const lines = [`  · ${title}`];
    for (const r of rows.slice(0, top)) {
      const shown =
        r.list.length > 6
          ? `${r.list
              .slice(0, 3)
              .map((ms) => ms.toFixed(0))
              .join(', ')} … ${r.list
              .slice(-3)
              .map((ms) => ms.toFixed(0))
              .join(', ')}`
          : r.list.map((ms) => ms.toFixed(0)).join(', ');
      lines.push(
        `      ${Math.round(r.total).toString().padStart(6)} ms  ${String(r.list.length).padStart(5)} ×  ${r.label}  [${shown} ms]`,
      );
    }
    return lines.join('\n') + '\n';
  }
}

function statementLabel(node: RootOperationNode): string {
  if (node.kind === 'RawNode') return node.sqlFragments[0].replace(/\s+/g, ' ').trim().slice(0, 70);
  const tables: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (tables.length || depth > 6 || value === null || typeof value !== 'object') return;
    const v = value as { kind?: string; table?: { identifier?: { name?: string } } };
    if (v.kind === 'TableNode' && v.table?.identifier?.name) {
      tables.push(v.table.identifier.name);
      return;
    }
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(node, 0);
  const forUpdate = node.kind === 'SelectQueryNode' && JSON.stringify(node.endModifiers ?? []).includes('ForUpdate');
  return `${node.kind.replace(/QueryNode$/, '').toLowerCase()} ${tables[0] ?? '?'}${forUpdate ? ' for update' : ''}`;
}

/** The baseline: every clock that must move at `now`, as a plain SELECT. */
const selectDueSql = (now: Date) => sql<{ id: number }>`
    SELECT id, event_id, step, tier, due_at, light FROM event_deadlines
    WHERE completed_at IS NULL AND paused_at IS NULL
      AND ((light = 'green' AND warn_at <= ${now}) OR (light <> 'red' AND due_at <= ${now}))`;

async function timedSelectDue(db: Kysely<Schema>, now: Date): Promise<{ ms: number; rows: number; ids: number[] }> {
  const t0 = performance.now();
  const result = await selectDueSql(now).execute(db);
  const ms = performance.now() - t0;
  return { ms, rows: result.rows.length, ids: result.rows.map((r) => r.id) };
}

/**
 * Not a recorded figure: the same rows read as two index range scans, one per partial index (the
 * OR above is planned as a single scan of deadlines_due_idx filtered row by row; see the README).
 */
const splitSelectDue = (now: Date) => sql<{ id: number }>`
    SELECT id, event_id, step, tier, due_at, light FROM event_deadlines
    WHERE completed_at IS NULL AND paused_at IS NULL AND light = 'green' AND warn_at <= ${now} AND due_at > ${now}
    UNION ALL
    SELECT id, event_id, step, tier, due_at, light FROM event_deadlines
    WHERE completed_at IS NULL AND paused_at IS NULL AND light <> 'red' AND due_at <= ${now}`;

async function timedSplitSelectDue(db: Kysely<Schema>, now: Date): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const result = await splitSelectDue(now).execute(db);
  return { ms: performance.now() - t0, rows: result.rows.length };
}

async function countPending(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the sweep must do, counted independently of it. */
async function expectations(db: Kysely<Schema>, now: Date): Promise<Expected> {
  const row = await sql<{ red: number; yellow: number; escalations: number }>`
    SELECT
      count(*) FILTER (WHERE light <> 'red' AND due_at <= ${now}) AS red,
      count(*) FILTER (WHERE light = 'green' AND warn_at <= ${now} AND due_at > ${now}) AS yellow,
      (SELECT count(DISTINCT d.event_id) FROM event_deadlines d JOIN events e ON e.id = d.event_id
        WHERE d.completed_at IS NULL AND d.paused_at IS NULL AND d.light <> 'red' AND d.due_at <= ${now} AND d.step = 'tier'
          AND e.status IN ('dispatched', 'returned', 'accepted', 'handling') AND e.suspended_at IS NULL
          AND e.tier IN ('grid', 'village', 'town', 'department')) AS escalations
    FROM event_deadlines
    WHERE completed_at IS NULL AND paused_at IS NULL AND ((light = 'green' AND warn_at <= ${now}) OR (light <> 'red' AND due_at <= ${now}))`.execute(
    db,
  );
  const r = row.rows[0];
  return {
    red: Number(r.red),
    yellow: Number(r.yellow),
    due: Number(r.red) + Number(r.yellow),
    escalations: Number(r.escalations),
  };
}

// ---------------------------------------------------------------------------------------------
// Query plans: the repository's own SQL (EXPLAIN ANALYZE, rolled back) and the baseline's
// ---------------------------------------------------------------------------------------------

async function explainPlans(ctx: BenchContext, label: string, db: Kysely<Schema>, now: Date): Promise<void> {
  const plans: [string, string[]][] = [];
  for (const to of ['red', 'yellow'] as const) {
    const plan = await explainRolledBack(db, (trx) =>
      new DeadlineRepository(trx).claimTransitions(to, now, SWEEP_BATCH),
    );
    plans.push([`claimTransitions('${to}', now, ${SWEEP_BATCH})`, plan]);
  }
  plans.push(['baseline SELECT of the due rows', await explainQuery(db, selectDueSql(now))]);
  plans.push([
    '(not recorded) the same rows as two index range scans, UNION ALL',
    await explainQuery(db, splitSelectDue(now)),
  ]);
  printPlans(`${label}: query plans (EXPLAIN ANALYZE, rolled back)`, plans);
  for (const [what, plan] of plans) ctx.log(`${label}: ${what}: ${executionTime(plan)}`);
}

// ---------------------------------------------------------------------------------------------
// Outbox delivery
// ---------------------------------------------------------------------------------------------

/**
 * The notices the sweep queued, delivered by the dispatcher (drain() with a MemoryNotifier) in
 * rounds, alternating with rounds of raw single-row UPDATEs of the same ids on a copy of the
 * outbox. The queued messages all share the sweep's instant, so to deliver them in rounds (and at
 * most OUTBOX_CAP of them) their next_attempt_at is spread one millisecond apart first; the
 * dispatcher of round k runs at the instant where exactly that round's messages are due.
 */
async function benchOutbox(
  ctx: BenchContext,
  label: string,
  tag: string,
  db: Kysely<Schema>,
  now: Date,
): Promise<void> {
  const pending = await countPending(db);
  const total = Math.min(OUTBOX_CAP, pending);
  if (total < OUTBOX_ROUNDS * 10) throw new Error(`${label}: only ${pending} notices queued`);
  await sql`
    UPDATE outbox o SET next_attempt_at = CASE WHEN r.rank <= ${total}
      THEN ${now}::timestamptz + r.rank * interval '1 millisecond' ELSE ${now}::timestamptz + interval '30 days' END
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS rank FROM outbox WHERE state = 'pending') r
    WHERE o.id = r.id`.execute(db);
  await sql`VACUUM (ANALYZE) outbox`.execute(db);
  await sql`CREATE TABLE bench_outbox_copy (LIKE outbox INCLUDING ALL)`.execute(db);
  await sql`INSERT INTO bench_outbox_copy OVERRIDING SYSTEM VALUE SELECT * FROM outbox`.execute(db);
  await sql`VACUUM (ANALYZE) bench_outbox_copy`.execute(db);
  const ids = (
    await sql<{
      id: number;
    }>`SELECT id FROM outbox WHERE state = 'pending' ORDER BY next_attempt_at, id LIMIT ${total}`.execute(db)
  ).rows.map((r) => r.id);

  const notifier = new MemoryNotifier();
  const perRound = Math.ceil(total / OUTBOX_ROUNDS);
  const sentRates: number[] = [];
  const rawRates: number[] = [];
  let delivered = 0;
  for (let round = 0; round < OUTBOX_ROUNDS; round++) {
    const from = round * perRound;
    const to = Math.min(total, from + perRound);
    const roundIds = ids.slice(from, to);
    const at = new Date(now.getTime() + to); // messages ranked from+1 … to are due, no others
    const deliver = async () => {
      const dispatcher = new OutboxDispatcher(new OutboxRepository(db), notifier, { now: () => at });
      const s0 = performance.now();
      const sent = await dispatcher.drain();
      const seconds = (performance.now() - s0) / 1000;
      if (sent !== roundIds.length)
        throw new Error(`${label}: round ${round + 1} delivered ${sent}, expected ${roundIds.length}`);
      delivered += sent;
      sentRates.push(sent / seconds);
    };
    const raw = async () => {
      const s0 = performance.now();
      for (const id of roundIds) await sql`UPDATE bench_outbox_copy SET state = 'sent' WHERE id = ${id}`.execute(db);
      rawRates.push(roundIds.length / ((performance.now() - s0) / 1000));
    };
    if (round % 2 === 0) {
      await deliver();
      await raw();
    } else {
      await raw();
      await deliver();
    }
    ctx.log(
      `${label} outbox round ${round + 1}/${OUTBOX_ROUNDS}: drain ${sentRates.at(-1)!.toFixed(0)}/s, raw ${rawRates.at(-1)!.toFixed(0)}/s`,
    );
  }
  const check = await sql<{ sent: number; copied: number }>`
    SELECT (SELECT count(*) FROM outbox WHERE state = 'sent') AS sent, (SELECT count(*) FROM bench_outbox_copy WHERE state = 'sent') AS copied`.execute(
    db,
  );
  if (
    notifier.sent.length !== total ||
    Number(check.rows[0].sent) !== total ||
    Number(check.rows[0].copied) !== total
  ) {
    throw new Error(
      `${label}: delivered ${notifier.sent.length}, sent in outbox ${check.rows[0].sent}, raw-updated ${check.rows[0].copied}; expected ${total}`,
    );
  }
  ctx.info(`${label}: outbox`, `${delivered} of ${pending} queued notices delivered in ${OUTBOX_ROUNDS} rounds`);
  ctx.info(
    `${label}: median of per-round ratios drain/raw`,
    median(sentRates.map((r, k) => r / rawRates[k])).toPrecision(3),
  );
  ctx.record(`outbox_sent_per_s_${tag}`, median(sentRates), 'messages/s', {
    name: `raw_update_sent_per_s_${tag}`,
    value: median(rawRates),
  });
}

// ---------------------------------------------------------------------------------------------
// Generating the data, set-based
// ---------------------------------------------------------------------------------------------

interface Generated {
  events: number;
  open: number;
  assignments: number;
  clocks: number;
  openClocks: number;
  phases: [string, number][];
  totalMs: number;
}

const LOADED_TABLES = ['events', 'event_assignments', 'event_deadlines'];
/** Open clocks per open event, near enough (sign, respond, resolve, tier for disputes, less the steps done). */
const OPEN_CLOCKS_PER_OPEN_EVENT = 2.25;

/**
 * Events, assignments and clocks for `size` events. The three tables' secondary indexes and their
 * unique and foreign-key constraints are dropped for the load and re-created afterwards from their
 * own definitions (so the constraints are validated over the whole data at the end), as a bulk load
 * does; that the schema after it is the migrations' is checked.
 */
async function generate(
  ctx: BenchContext,
  kind: DbKind,
  db: Kysely<Schema>,
  size: number,
  now: Date,
): Promise<Generated> {
  const label = `${kind} ${sizeLabel(size)}`;
  const phases: [string, number][] = [];
  const started = performance.now();
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await work();
    phases.push([name, performance.now() - t0]);
    return out;
  };
  const chunks: [number, number][] = [];
  for (let a = 1; a <= size; a += CHUNK[kind]) chunks.push([a, Math.min(size, a + CHUNK[kind] - 1)]);
  // At most DUE_CAP clocks of each colour must move: the shares shrink for the largest sizes.
  const scale = Math.min(1, DUE_CAP / (size * OPEN * (1 - SUSPENDED) * OPEN_CLOCKS_PER_OPEN_EVENT * SHARE.yellowDue));
  const p: Params = {
    now,
    open: OPEN,
    suspended: SUSPENDED,
    ...SHARE,
    yellowDue: SHARE.yellowDue * scale,
    redDue: SHARE.redDue * scale,
    tierRedDue: SHARE.tierRedDue * scale,
  };
  if (scale < 1)
    ctx.log(`${label}: due shares scaled by ${scale.toFixed(3)} to keep about ${DUE_CAP} clocks of each colour due`);

  await phase('helpers', () => createHelpers(db));
  const before = await schemaFingerprint(db, LOADED_TABLES);
  const dropped = await phase('drop indexes', () => dropIndexesAndConstraints(db, LOADED_TABLES));
  const rate = (rows: number, t0: number) => `${Math.round(rows / ((performance.now() - t0) / 1000) / 1000)}k/s`;

  // The analytics triggers (rollups, overdue flags) are off during the load and their results
  // built set-wise after it, as the platform's own bulk loads do; the sweep then runs with them on.
  await sql`ALTER TABLE events DISABLE TRIGGER events_kpi_rollup`.execute(db);
  await sql`ALTER TABLE event_deadlines DISABLE TRIGGER event_deadlines_flags`.execute(db);
  let t0 = performance.now();
  let rows = 0;
  await runTasks(
    db,
    kind,
    chunks.map(([a, b]) => ({ what: `events ${a}…${b}`, run: (conn: Kysely<Schema>) => insertEvents(conn, a, b, p) })),
    {
      onDone: (_, __, done) => {
        rows = chunks.slice(0, done).reduce((n, [a, b]) => n + b - a + 1, 0);
        ctx.log(
          `${label}: events ${rows.toLocaleString('en-US')} / ${size.toLocaleString('en-US')} (${rate(rows, t0)})`,
        );
      },
    },
  );
  phases.push(['events', performance.now() - t0]);
  t0 = performance.now();
  await runTasks(
    db,
    kind,
    chunks.map(([a, b]) => ({
      what: `assignments and clocks ${a}…${b}`,
      run: async (conn: Kysely<Schema>) => {
        await insertAssignments(conn, a, b);
        await insertClocks(conn, a, b, p);
      },
    })),
    {
      onDone: (_, __, done) => {
        rows = chunks.slice(0, done).reduce((n, [a, b]) => n + b - a + 1, 0);
        ctx.log(
          `${label}: assignments and clocks of ${rows.toLocaleString('en-US')} / ${size.toLocaleString('en-US')} events (${rate(rows, t0)} events)`,
        );
      },
    },
  );
  phases.push(['assignments + clocks', performance.now() - t0]);
  // Each event's light: the worst of its open clocks (as the sweep's syncEventLight has it).
  await phase('event lights', () =>
    sql`
      UPDATE events e SET light = x.light
      FROM (SELECT event_id, CASE WHEN bool_or(light = 'red') THEN 'red' ELSE 'yellow' END AS light
            FROM event_deadlines WHERE completed_at IS NULL AND light <> 'green' GROUP BY event_id) x
      WHERE e.id = x.event_id`.execute(db),
  );
  await phase('sequences', async () => {
    await sql`SELECT setval(pg_get_serial_sequence('events', 'id'), ${size}::bigint + 1, false)`.execute(db);
    await sql`SELECT setval('event_serial_seq', ${size}::bigint)`.execute(db);
  });
  await phase('indexes + constraints', () => restoreIndexesAndConstraints(ctx, label, db, kind, dropped));
  await phase('analytics flags + rollups', async () => {
    await sql`
      UPDATE events e SET sign_late = x.sign_late, overdue = x.overdue
      FROM (SELECT event_id, bool_or(step = 'sign') AS sign_late, bool_or(step = 'resolve') AS overdue
            FROM event_deadlines WHERE step IN ('sign', 'resolve') AND (light = 'red' OR outcome = 'late') GROUP BY event_id) x
      WHERE e.id = x.event_id`.execute(db);
    await new KpiRepository(db).rebuildRollups();
    await sql`ALTER TABLE events ENABLE TRIGGER events_kpi_rollup`.execute(db);
    await sql`ALTER TABLE event_deadlines ENABLE TRIGGER event_deadlines_flags`.execute(db);
  });
  assertSameSchema(label, before, await schemaFingerprint(db, LOADED_TABLES));
  await phase('vacuum analyze', () =>
    runTasks(
      db,
      kind,
      // The largest first, so that the two connections finish about together.
      ['events', 'event_deadlines', 'event_assignments'].map((table) => ({
        what: `vacuum ${table}`,
        run: (conn: Kysely<Schema>) => sql.raw(`VACUUM (ANALYZE) ${table}`).execute(conn),
      })),
    ),
  );
  const counts = await sql<{ events: number; open: number; assignments: number; clocks: number; open_clocks: number }>`
    SELECT (SELECT count(*) FROM events) AS events,
           (SELECT count(*) FROM events WHERE status_kind = 'open') AS open,
           (SELECT count(*) FROM event_assignments) AS assignments,
           (SELECT count(*) FROM event_deadlines) AS clocks,
           (SELECT count(*) FROM event_deadlines WHERE completed_at IS NULL) AS open_clocks`.execute(db);
  const c = counts.rows[0];
  if (Number(c.events) !== size) throw new Error(`${label}: generated ${c.events} events, expected ${size}`);
  return {
    events: Number(c.events),
    open: Number(c.open),
    assignments: Number(c.assignments),
    clocks: Number(c.clocks),
    openClocks: Number(c.open_clocks),
    phases,
    totalMs: performance.now() - started,
  };
}

/**
 * Small tables the generator joins to: the grids with their village, town and county and the
 * grid worker; up to three people per grid from its bindings (the grid's owners, then the village
 * team) for assignments; the demo's titles and descriptions per category and channel; the clock
 * steps per event type with their rule or ladder rung. And `bench_u(k, stream)`, a deterministic
 * uniform draw in [0, 1).
 */
async function createHelpers(db: Kysely<Schema>): Promise<void> {
  await createBenchU(db);
  await createBenchGrids(db);
  await sql`
    CREATE TABLE bench_people AS
    SELECT grid_code, (row_number() OVER (PARTITION BY grid_code ORDER BY rank, binding_id) - 1)::integer AS k, person_id, role, duty
    FROM (
      SELECT g.code AS grid_code, 0 AS rank, b.id AS binding_id, b.person_id, 'grid_owner' AS role, b.duty
      FROM jurisdictions g JOIN responsibility_bindings b ON b.jurisdiction_code = g.code WHERE g.level = 'grid'
      UNION ALL
      SELECT g.code, 1, b.id, b.person_id, 'village_team', b.duty
      FROM jurisdictions g JOIN responsibility_bindings b ON b.jurisdiction_code = g.parent_code WHERE g.level = 'grid'
    ) x`.execute(db);
  await sql`DELETE FROM bench_people WHERE k >= 3`.execute(db);
  await sql`CREATE INDEX ON bench_people (grid_code, k)`.execute(db);
  const missing = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM bench_grids g WHERE NOT EXISTS (SELECT 1 FROM bench_people p WHERE p.grid_code = g.grid_code)`.execute(
    db,
  );
  if (Number(missing.rows[0].n) > 0) throw new Error(`${missing.rows[0].n} grids have nobody bound to them`);

  await insertBenchTexts(db, demoEventTexts());

  // Per event type, the clocks dispatch opens (sign, respond, resolve; the ladder's tier clock where
  // the ladder covers the type), with the default rule and a duration in wall-clock seconds (a
  // working day counted as 1.4 natural days).
  await sql`
    CREATE TABLE bench_steps AS
    SELECT t.event_type, s.step, s.ord, r.id AS rule_id,
           COALESCE(r.amount, l.amount) AS amount, COALESCE(r.unit, l.unit) AS unit,
           COALESCE(r.amount, l.amount) * CASE COALESCE(r.unit, l.unit)
             WHEN 'minutes' THEN 60.0 WHEN 'hours' THEN 3600.0 WHEN 'natural_days' THEN 86400.0 ELSE 1.4 * 86400 END::float8 AS dur_s
    FROM (SELECT DISTINCT event_type FROM event_categories) t
    CROSS JOIN (VALUES ('sign', 1), ('respond', 2), ('resolve', 3), ('tier', 4)) s(step, ord)
    LEFT JOIN LATERAL (
      SELECT r.id, r.amount, r.unit FROM time_limit_rules r
      WHERE r.step = s.step AND r.risk_level IS NULL AND r.tier IS NULL AND (r.event_type = t.event_type OR r.event_type IS NULL)
      ORDER BY r.event_type NULLS LAST LIMIT 1) r ON s.step <> 'tier'
    LEFT JOIN tier_ladder l ON s.step = 'tier' AND l.event_type = t.event_type AND l.tier = 'village'
    WHERE r.id IS NOT NULL OR l.amount IS NOT NULL`.execute(db);
  await sql`ANALYZE bench_grids`.execute(db);
  await sql`ANALYZE bench_people`.execute(db);
  await sql`ANALYZE bench_texts`.execute(db);
  await sql`ANALYZE bench_steps`.execute(db);
}

interface Params {
  now: Date;
  open: number;
  suspended: number;
  yellowDue: number;
  redDue: number;
  tierRedDue: number;
  yellow: number;
  red: number;
}

/**
 * Events a…b. Open (25 %): dispatched, accepted or handling, reported 25–60 days ago, 1 % of them
 * suspended; closed (75 %): 结案 (with resolved and closed times), 撤销 or 合并 (into an earlier
 * event), reported within the last three years. Placed in a grid (placement columns and
 * jurisdiction = the grid; the point near its centroid); tier grid 72 %, village 20 %, town 8 %.
 */
async function insertEvents(db: Kysely<Schema>, a: number, b: number, p: Params): Promise<void> {
  // Times are worked out in epoch seconds (floating point) and made timestamps once: interval
  // arithmetic with days goes through the time zone rules, and the generator is CPU-bound.
  const nowS = p.now.getTime() / 1000;
  await sql`
    INSERT INTO events (id, serial_no, channel, event_type, category_code, risk_level, high_risk, title, description, lng, lat, address,
      reporter_id, reporter_name, reporter_phone, status, status_kind, jurisdiction_code, county_code, town_code, village_code, grid_code,
      dispatch_reason, merged_into_id, tracking_token, reported_at, created_at, updated_at, resolved_at, closed_at, version,
      tier, accepted_at, resolved_tier, suspended_at, supervisor_code)
    OVERRIDING SYSTEM VALUE
    SELECT i, 'YW' || to_char(to_timestamp(x.reported_s) AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(i::text, 8, '0'),
      t.channel, t.event_type, t.category_code, x.risk, x.risk = 'red' AND r.u_misc < 0.55, t.title, t.description,
      g.lng + (r.u_misc - 0.5) * 0.004, g.lat + (r.u_time - 0.5) * 0.004,
      g.address,
      CASE WHEN t.channel = 'grid_patrol' THEN g.worker_id END,
      CASE WHEN t.channel = 'grid_patrol' THEN g.worker_name
           WHEN t.channel IN ('police_push', 'police_110') THEN '县公安局指挥中心' WHEN t.channel = 'court_push' THEN '县人民法院'
           WHEN t.channel = 'online_opinion' THEN '县委网信办舆情监测' WHEN t.channel = 'cadre_survey' THEN '县综治中心'
           ELSE (ARRAY['王先生', '李女士', '张先生', '刘女士', '陈先生', '杨女士'])[1 + floor(r.u_misc * 6)::int] END,
      CASE WHEN t.channel = 'grid_patrol' THEN g.worker_phone
           WHEN t.channel IN ('citizen', 'hotline_12345') THEN '13' || lpad((floor(r.u_misc * 1e9))::bigint::text, 9, '0') END,
      x.status, x.status_kind, g.grid_code, g.county_code, g.town_code, g.village_code, g.grid_code,
      'in_grid', CASE WHEN x.status = 'merged' THEN i - 1 - floor(r.u_misc * 500)::int END,
      md5('yiwang-bench-' || i), to_timestamp(x.reported_s), to_timestamp(x.reported_s),
      to_timestamp(COALESCE(x.closed_s, x.reported_s + 3600)),
      to_timestamp(x.resolved_s), to_timestamp(x.closed_s), CASE WHEN x.status_kind = 'open' THEN 2 ELSE 5 END,
      x.tier, CASE WHEN x.status IN ('accepted', 'handling', 'closed') THEN to_timestamp(x.reported_s + 3600) END,
      CASE WHEN x.status = 'closed' THEN x.tier END,
      CASE WHEN x.status_kind = 'open' AND r.u_susp < ${p.suspended} THEN to_timestamp(${nowS}::float8 - r.u_misc * 3 * 86400) END,
      g.town_code
    FROM generate_series(${a}::integer, ${b}::integer) i
    CROSS JOIN LATERAL (
      SELECT bench_u(i, 1) AS u_open, bench_u(i, 2) AS u_status, bench_u(i, 3) AS u_grid, bench_u(i, 4) AS u_text, bench_u(i, 5) AS u_risk,
             bench_u(i, 6) AS u_tier, bench_u(i, 7) AS u_time, bench_u(i, 8) AS u_misc, bench_u(i, 9) AS u_susp) r
    CROSS JOIN LATERAL (
      SELECT s.status, s.status_kind, s.reported_s,
             CASE WHEN s.status = 'closed' THEN s.reported_s + (1 + r.u_misc * 10) * 86400 END AS resolved_s,
             CASE WHEN s.status = 'closed' THEN s.reported_s + (2 + r.u_misc * 10) * 86400
                  WHEN s.status_kind = 'closed' THEN s.reported_s + 86400 END AS closed_s,
             CASE WHEN r.u_risk < 0.08 THEN 'red' WHEN r.u_risk < 0.30 THEN 'yellow' ELSE 'blue' END AS risk,
             CASE WHEN r.u_tier < 0.72 THEN 'grid' WHEN r.u_tier < 0.92 THEN 'village' ELSE 'town' END AS tier
      FROM (SELECT
              CASE WHEN r.u_open < ${p.open} THEN CASE WHEN r.u_status < 0.35 THEN 'dispatched' WHEN r.u_status < 0.6 THEN 'accepted' ELSE 'handling' END
                   WHEN r.u_status < 0.95 OR i <= 1000 THEN 'closed' WHEN r.u_status < 0.98 THEN 'cancelled' ELSE 'merged' END AS status,
              CASE WHEN r.u_open < ${p.open} THEN 'open' ELSE 'closed' END AS status_kind,
              -- whole seconds, as the platform's own clocks have
              floor(CASE WHEN r.u_open < ${p.open} THEN ${nowS}::float8 - (25 + r.u_time * 35) * 86400
                         ELSE ${nowS}::float8 - (30 + r.u_time * 1065) * 86400 END) AS reported_s) s
    ) x
    JOIN bench_grids g ON g.n = floor(r.u_grid * (SELECT count(*) FROM bench_grids))::integer
    JOIN bench_texts t ON t.n = floor(r.u_text * (SELECT count(*) FROM bench_texts))::integer`.execute(db);
}

/**
 * Assignments of events a…b: an open event's 1–3 active holders from its grid's bindings (the grid
 * owners first, then the village team); a closed event keeps its grid owner's assignment, ended.
 */
async function insertAssignments(db: Kysely<Schema>, a: number, b: number): Promise<void> {
  await sql`
    INSERT INTO event_assignments (event_id, person_id, assignment_role, duty, tier, active, assigned_at, ended_at)
    SELECT e.id, p.person_id, p.role, p.duty, CASE WHEN p.role = 'grid_owner' THEN 'grid' ELSE 'village' END, e.status_kind = 'open', e.reported_at, e.closed_at
    FROM events e
    JOIN bench_people p ON p.grid_code = e.grid_code
      AND p.k < CASE WHEN e.status_kind = 'open' THEN 1 + floor(bench_u(e.id, 10) * 3)::integer ELSE 1 END
    WHERE e.id BETWEEN ${a} AND ${b}`.execute(db);
}

/**
 * Clocks of events a…b, per step of the event's type. Finished (completed_at, outcome) for a
 * closed event, and for an open one the steps it is past (an accepted event has signed; a handled
 * one has also responded). The open clocks are placed around `now` by a draw per clock: must turn
 * yellow, must turn red (from yellow or straight from green), already yellow, already red, or green
 * with its yellow point still ahead. A suspended event's open clocks are paused.
 */
async function insertClocks(db: Kysely<Schema>, a: number, b: number, p: Params): Promise<void> {
  const nowS = p.now.getTime() / 1000;
  const y = p.yellowDue;
  await sql`
    INSERT INTO event_deadlines (event_id, step, tier, started_at, warn_at, due_at, amount, unit, rule_id, light, paused_at, completed_at, outcome, created_at)
    SELECT e.id, s.step, e.tier, to_timestamp(c.due_s - s.dur_s), to_timestamp(c.due_s - 0.2 * s.dur_s), to_timestamp(c.due_s), s.amount, s.unit, s.rule_id,
           c.light, CASE WHEN NOT d.done THEN e.suspended_at END, to_timestamp(c.completed_s), c.outcome, to_timestamp(c.due_s - s.dur_s)
    FROM events e
    JOIN bench_steps s ON s.event_type = e.event_type
    CROSS JOIN LATERAL (SELECT bench_u(e.id * 8 + s.ord, 11) AS u, bench_u(e.id * 8 + s.ord, 12) AS u2, bench_u(e.id * 8 + s.ord, 13) AS u3,
                               CASE WHEN s.step = 'tier' THEN ${p.tierRedDue}::float8 ELSE ${p.redDue}::float8 END AS red_due,
                               extract(epoch FROM e.reported_at)::float8 AS reported_s) r
    CROSS JOIN LATERAL (
      SELECT e.status_kind <> 'open' OR (e.status = 'accepted' AND s.ord = 1) OR (e.status = 'handling' AND s.ord <= 2) AS done,
             CASE WHEN r.u < 0.9 THEN 0.1 + 0.85 * r.u2 ELSE 1.02 + r.u2 END AS f) d
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN d.done THEN r.reported_s + s.dur_s
             WHEN r.u < ${y}::float8 THEN ${nowS}::float8 + s.dur_s * 0.2 * (0.001 + 0.998 * r.u2)
             WHEN r.u < ${y}::float8 + r.red_due THEN ${nowS}::float8 - 1 - r.u2 * 1800
             WHEN r.u < ${y}::float8 + r.red_due + ${p.yellow}::float8 THEN ${nowS}::float8 + s.dur_s * 0.2 * (0.001 + 0.998 * r.u2)
             WHEN r.u < ${y}::float8 + r.red_due + ${p.yellow}::float8 + ${p.red}::float8 THEN ${nowS}::float8 - 3600 - r.u2 * 5 * 86400
             ELSE ${nowS}::float8 + s.dur_s * (0.201 + 0.799 * r.u2) END AS due_s,
        CASE WHEN d.done THEN CASE WHEN d.f >= 1 THEN 'red' WHEN d.f >= 0.8 THEN 'yellow' ELSE 'green' END
             WHEN r.u < ${y}::float8 THEN 'green'
             WHEN r.u < ${y}::float8 + r.red_due THEN CASE WHEN r.u3 < 0.7 THEN 'yellow' ELSE 'green' END
             WHEN r.u < ${y}::float8 + r.red_due + ${p.yellow}::float8 THEN 'yellow'
             WHEN r.u < ${y}::float8 + r.red_due + ${p.yellow}::float8 + ${p.red}::float8 THEN 'red'
             ELSE 'green' END AS light,
        CASE WHEN NOT d.done THEN NULL
             WHEN e.status IN ('cancelled', 'merged') THEN extract(epoch FROM e.closed_at)::float8
             ELSE r.reported_s + s.dur_s * d.f END AS completed_s,
        CASE WHEN NOT d.done THEN NULL
             WHEN e.status IN ('cancelled', 'merged') THEN 'cancelled'
             WHEN d.f <= 1 THEN 'on_time' ELSE 'late' END AS outcome) c
    WHERE e.id BETWEEN ${a} AND ${b}`.execute(db);
}
