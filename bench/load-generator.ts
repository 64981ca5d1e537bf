/**
 * The load generator of benchmark `load`, run as a process of its own (`node --import tsx
 * bench/load-generator.ts`, spawned by bench/load.bench.ts with an IPC channel): K virtual users
 * on loopback against a running platform, each in a closed loop (send, wait for the answer, draw
 * the next request), for a bounded time.
 *
 * The mix, drawn per request (a county command centre's day: the centre's screens read far more
 * than the field writes):
 *
 *   20 % intake      POST /api/events as one of several grid workers (Bearer token of each), a
 *                    point in the worker's own grid, an Idempotency-Key per report
 *   60 % reads       GET /api/analytics/kpis?preset=this_month (the figures with 环比/同比)  15 %
 *                    GET /api/analytics/rankings?preset=this_month&level=town&kpi=…          10 %
 *                    GET /api/events?page=…  (event desk pages, county and town operators)   20 %
 *                    GET /api/events/:id     (an event just reported, or one of the list's)  15 %
 *   20 % actions     accept → start → resolve on the events reported during the run, by their
 *                    assignee (the grid worker whose grid it is), with the `version` last seen
 *
 * An action picks a random open event of the run without taking it away from the others, so two
 * users can act on the same event at once: the loser's 409 EVENT_VERSION_CONFLICT is the
 * optimistic concurrency doing its job — counted apart, not an error. Everything else that is not
 * the expected 2xx (5xx, any other 4xx, a network error) is an error, kept with a few examples.
 *
 * Phases: warm-up (not counted), then ROUNDS rounds, each a segment of the mix and a segment of
 * the baseline — the same users hammering GET /api/health (no auth, no database: the floor of
 * HTTP, routing, hooks and JSON on the same server, client and connections) — alternating which
 * goes first. The parent is told when measuring starts and ends (to sample the server's memory)
 * and receives the figures as one message.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_TAXONOMY } from '../core/events/default-taxonomy.js';
import { ASPECT_TEXT } from '../cli/demo/demo-event-text.js';
import { seededRandom } from '../core/seeded-random.js';

export interface GeneratorWorker {
  username: string;
  personId: number;
  /** Points inside the worker's own grid, to report at. */
  points: { lng: number; lat: number }[];
}

export interface GeneratorConfig {
  url: string;
  password: string;
  workers: GeneratorWorker[];
  /** Readers: the command centres' logins (county_operator, leader, town_operator). */
  readers: string[];
  users: number;
  warmupSeconds: number;
  /** Seconds of the mixed load, in all (split over the rounds). */
  seconds: number;
  rounds: number;
  /** Seconds of the baseline per round. */
  baselineSecondsPerRound: number;
  seed: number;
}

export type Kind = 'intake' | 'kpis' | 'rankings' | 'event_list' | 'event_detail' | 'action' | 'health';
export const MIX_KINDS: Exclude<Kind, 'health'>[] = [
  'intake',
  'kpis',
  'rankings',
  'event_list',
  'event_detail',
  'action',
];

export interface KindStats {
  count: number;
  errors: number;
  /** 409 EVENT_VERSION_CONFLICT on actions: real concurrent conflicts, not errors. */
  conflicts: number;
  latenciesMs: number[];
}

export interface GeneratorResult {
  type: 'result';
  mixedSeconds: number;
  baselineSeconds: number;
  stats: Record<Kind, KindStats>;
  /** Actions by name (accept, start, resolve) and how many events the run resolved. */
  actions: Record<string, number>;
  resolved: number;
  /** Actions drawn while no event of the run was open (a list page was read instead). */
  actionFallbacks: number;
  errorExamples: string[];
  perRound: { mixedPerSec: number; baselinePerSec: number }[];
}

export type GeneratorMessage =
  { type: 'phase'; phase: 'warmup' | 'measure' | 'done' } | GeneratorResult | { type: 'failed'; message: string };

// ---------------------------------------------------------------------------------------------

interface OpenEvent {
  id: number;
  version: number;
  status: string;
  token: string;
}

const NEXT_ACTION: Record<string, string> = { dispatched: 'accept', accepted: 'start', handling: 'resolve' };

async function login(url: string, username: string, password: string): Promise<{ token: string; id: number }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  if (me.status !== 200) throw new Error(`GET /api/auth/me as ${username}: ${me.status}`);
  return { token, id: ((await me.json()) as { user: { id: number } }).user.id };
}

async function main(config: GeneratorConfig): Promise<GeneratorResult> {
  const send = (message: GeneratorMessage) => process.send?.(message);
  const random = seededRandom(config.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  // Sign in: every grid worker, every reader.
  const workers = await Promise.all(
    config.workers.map(async (w) => {
      const { token, id } = await login(config.url, w.username, config.password);
      if (id !== w.personId) throw new Error(`${w.username} signed in as person ${id}, expected ${w.personId}`);
      return { ...w, token };
    }),
  );
  const tokenOfPerson = new Map(workers.map((w) => [w.personId, w.token]));
  const readers = await Promise.all(
    config.readers.map(async (username) => ({
      username,
      token: (await login(config.url, username, config.password)).token,
    })),
  );
  const countyReaders = readers.filter((r) => r.username !== 'town_operator');

  const known = new Set(DEFAULT_TAXONOMY.map((c) => c.code));
  const aspects = Object.entries(ASPECT_TEXT).filter(([code]) => known.has(code));
  const fill = (text: string) =>
    text.replace(
      /\{(\w+)\}/g,
      (_, key: string) =>
        ({
          place: '幸福小区3号楼',
          a: '王某',
          b: '李某',
          n: '3',
          n2: '5',
          money: '2万元',
          age: '70',
          topic: '土地补偿',
        })[key] ?? '某',
    );

  // What the run has made: open events (for the actions), recent ids (for the detail reads).
  const open: OpenEvent[] = [];
  const openIndex = new Map<number, OpenEvent>();
  const recentIds: number[] = [];
  const remember = (id: number) => {
    recentIds.push(id);
    if (recentIds.length > 500) recentIds.splice(0, recentIds.length - 500);
  };
  const closeEvent = (id: number) => {
    const e = openIndex.get(id);
    if (!e) return;
    openIndex.delete(id);
    open.splice(open.indexOf(e), 1);
  };

  const empty = (): KindStats => ({ count: 0, errors: 0, conflicts: 0, latenciesMs: [] });
  let stats: Record<Kind, KindStats> = Object.fromEntries([...MIX_KINDS, 'health'].map((k) => [k, empty()])) as Record<
    Kind,
    KindStats
  >;
  let actions: Record<string, number> = {};
  let resolved = 0;
  let actionFallbacks = 0;
  const errorExamples: string[] = [];

  interface Outcome {
    status: number;
    body: unknown;
  }
  /** One timed request; `ok` says which answers are right. Returns the answer, or null after an error. */
  async function request(
    kind: Kind,
    method: string,
    path: string,
    token: string | null,
    body: unknown,
    ok: (status: number) => boolean,
  ): Promise<Outcome | null> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (kind === 'intake') headers['idempotency-key'] = (body as { idempotencyKey: string }).idempotencyKey;
    const s = stats[kind];
    const t0 = performance.now();
    let status = 0;
    let text: string;
    try {
      const res = await fetch(`${config.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      text = `network error: ${(error as Error).message}`;
    }
    s.latenciesMs.push(performance.now() - t0);
    s.count++;
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text in an error example
    }
    if (
      status === 409 &&
      kind === 'action' &&
      (parsed as { error?: { code?: string } } | null)?.error?.code === 'EVENT_VERSION_CONFLICT'
    ) {
      s.conflicts++;
      return { status, body: parsed };
    }
    if (!ok(status)) {
      s.errors++;
      if (errorExamples.length < 10)
        errorExamples.push(`${method} ${path} → ${status || 'no answer'}: ${text.slice(0, 300)}`);
      return null;
    }
    return { status, body: parsed };
  }

  const is2xx = (status: number) => status >= 200 && status < 300;

  async function intake(): Promise<void> {
    const w = pick(workers);
    const [code, text] = pick(aspects);
    const body = {
      categoryCode: code,
      title: fill(pick(text.titles)),
      description: fill(pick(text.details)),
      address: '幸福小区3号楼',
      location: pick(w.points),
      idempotencyKey: randomUUID(),
    };
    const out = await request('intake', 'POST', '/api/events', w.token, body, (s) => s === 201);
    if (!out) return;
    const { event, assignments } = out.body as {
      event: { id: number; version: number; status: string };
      assignments: { person: { id: number } | null; active: boolean }[];
    };
    remember(event.id);
    const holder = assignments.find((a) => a.active && a.person && tokenOfPerson.has(a.person.id));
    if (holder && NEXT_ACTION[event.status]) {
      const e: OpenEvent = {
        id: event.id,
        version: event.version,
        status: event.status,
        token: tokenOfPerson.get(holder.person!.id)!,
      };
      open.push(e);
      openIndex.set(e.id, e);
    }
  }

  async function kpis(): Promise<void> {
    await request('kpis', 'GET', '/api/analytics/kpis?preset=this_month', pick(countyReaders).token, undefined, is2xx);
  }

  const RANKING_KPIS = ['resolutionRate', 'completionRate', 'overdueRate'];
  let rankingKpis = RANKING_KPIS;
  async function rankings(): Promise<void> {
    const kpi = pick(rankingKpis);
    await request(
      'rankings',
      'GET',
      `/api/analytics/rankings?preset=this_month&level=town&kpi=${kpi}`,
      pick(countyReaders).token,
      undefined,
      is2xx,
    );
  }

  async function eventList(): Promise<void> {
    const reader = pick(readers);
    const page = 1 + Math.floor(random() * 5);
    const filter = random() < 0.5 ? '&statusKind=open' : '';
    const out = await request(
      'event_list',
      'GET',
      `/api/events?page=${page}&pageSize=20${filter}`,
      reader.token,
      undefined,
      is2xx,
    );
    const items = (out?.body as { items?: { id: number }[] } | null)?.items;
    if (items?.length && reader.username !== 'town_operator') remember(pick(items).id);
  }

  async function eventDetail(): Promise<void> {
    if (!recentIds.length) return eventList();
    await request('event_detail', 'GET', `/api/events/${pick(recentIds)}`, pick(countyReaders).token, undefined, is2xx);
  }

  async function action(): Promise<void> {
    if (!open.length) {
      actionFallbacks++;
      return eventList();
    }
    const e = pick(open);
    const name = NEXT_ACTION[e.status];
    const version = e.version;
    const body: Record<string, unknown> = { version };
    if (name === 'resolve') body.note = '已现场处置完毕，当事人满意。';
    const out = await request('action', 'POST', `/api/events/${e.id}/actions/${name}`, e.token, body, (s) => s === 200);
    if (!out) {
      closeEvent(e.id);
      return;
    }
    if (out.status === 409) return; // another user moved it first; the pool already has its new version
    actions[name] = (actions[name] ?? 0) + 1;
    const event = (out.body as { event: { version: number; status: string } }).event;
    if (e.version === version || event.version > e.version) {
      e.version = event.version;
      e.status = event.status;
    }
    if (!NEXT_ACTION[e.status]) {
      closeEvent(e.id);
      if (e.status === 'resolved') resolved++;
    }
  }

  async function health(): Promise<void> {
    await request('health', 'GET', '/api/health', null, undefined, (s) => s === 200);
  }

  /** The mix: cumulative shares. */
  const MIX: [number, () => Promise<void>][] = [
    [0.2, intake],
    [0.35, kpis],
    [0.45, rankings],
    [0.65, eventList],
    [0.8, eventDetail],
    [1, action],
  ];
  const mixed = () => {
    const u = random();
    return MIX.find(([share]) => u < share)![1]();
  };

  /** `users` closed loops of `op` for `seconds`; returns the wall time. */
  async function segment(seconds: number, op: () => Promise<void>): Promise<number> {
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: config.users }, async () => {
        while (performance.now() < end) await op();
      }),
    );
    return (performance.now() - t0) / 1000;
  }

  // Which ranking figures the server knows (an unknown key would be a 4xx, an error of the bench's own).
  const defs = await fetch(`${config.url}/api/analytics/definitions`, {
    headers: { authorization: `Bearer ${countyReaders[0].token}` },
  });
  if (defs.ok) {
    const text = JSON.stringify(await defs.json());
    rankingKpis = RANKING_KPIS.filter((k) => text.includes(`"${k}"`));
    if (!rankingKpis.length) rankingKpis = ['resolutionRate'];
  }

  send({ type: 'phase', phase: 'warmup' });
  await segment(config.warmupSeconds, mixed);
  await segment(Math.min(3, config.warmupSeconds), health);
  if (errorExamples.length) throw new Error(`errors during the warm-up:\n${errorExamples.join('\n')}`);
  // Counting starts now; the events of the warm-up stay in play.
  stats = Object.fromEntries([...MIX_KINDS, 'health'].map((k) => [k, empty()])) as Record<Kind, KindStats>;
  actions = {};
  resolved = 0;
  actionFallbacks = 0;

  send({ type: 'phase', phase: 'measure' });
  let mixedSeconds = 0;
  let baselineSeconds = 0;
  const perRound: GeneratorResult['perRound'] = [];
  const mixedCount = () => MIX_KINDS.reduce((n, k) => n + stats[k].count, 0);
  for (let round = 0; round < config.rounds; round++) {
    const order = round % 2 === 0 ? (['mixed', 'baseline'] as const) : (['baseline', 'mixed'] as const);
    const r = { mixedPerSec: 0, baselinePerSec: 0 };
    for (const which of order) {
      if (which === 'mixed') {
        const before = mixedCount();
        const s = await segment(config.seconds / config.rounds, mixed);
        mixedSeconds += s;
        r.mixedPerSec = (mixedCount() - before) / s;
      } else {
        const before = stats.health.count;
        const s = await segment(config.baselineSecondsPerRound, health);
        baselineSeconds += s;
        r.baselinePerSec = (stats.health.count - before) / s;
      }
    }
    perRound.push(r);
    process.stderr.write(
      `[load] round ${round + 1}/${config.rounds}: mixed ${r.mixedPerSec.toFixed(0)} req/s, health ${r.baselinePerSec.toFixed(0)} req/s, open events ${open.length}\n`,
    );
  }
  send({ type: 'phase', phase: 'done' });
  return {
    type: 'result',
    mixedSeconds,
    baselineSeconds,
    stats,
    actions,
    resolved,
    actionFallbacks,
    errorExamples,
    perRound,
  };
}

const config = JSON.parse(process.env.LOAD_GENERATOR_CONFIG ?? 'null') as GeneratorConfig | null;
if (!config) {
  process.stderr.write('bench/load-generator.ts is started by bench/load.bench.ts (LOAD_GENERATOR_CONFIG)\n');
  process.exit(2);
}
main(config).then(
  (result) => process.send!(result, () => process.exit(0)),
  (error) =>
    process.send!(
      { type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      () => process.exit(1),
    ),
);
