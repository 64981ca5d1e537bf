/**
 * A tiny benchmark harness. The machine the figures come from is small, shared and noisy, so an
 * absolute figure means little on its own: every result is measured next to a baseline in the
 * same run (interleaved where possible, so that a burst of noise hits both sides) and reported as
 * the ratio value / baseline.
 *
 *   defineBenchmark({ name, description, run(ctx) })  — a benchmark; `ctx.record` adds a result
 *   compare(candidate, baseline, options)             — ops/s and p95 of two synchronous operations
 *   runConcurrent(count, concurrency, task)           — throughput and latencies of async tasks
 *   writeResults(report) / printReport(report)        — bench/results/<name>.json and a table
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');

// ---------------------------------------------------------------------------------------------
// Benchmarks and their results
// ---------------------------------------------------------------------------------------------

export type DbKind = 'pglite' | 'postgres';

/** One compared figure; written to the results file exactly in this shape. */
export interface BenchResult {
  /** Says what is measured and on what, e.g. `locate_grid_ops_per_s_scale1`. */
  metric: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** value / baseline.value: for "per second" metrics the speed-up, for times the slow-down. */
  ratio: number;
}

export interface BenchReport {
  name: string;
  date: string;
  node: string;
  db: 'pglite' | 'postgres' | 'pglite+postgres' | 'none';
  results: BenchResult[];
}

export interface BenchContext {
  readonly name: string;
  /** Adds a compared result; the ratio is computed here. */
  record(metric: string, value: number, unit: string, baseline: { name: string; value: number }): void;
  /** Prints a figure that has no baseline: it is shown, never written to the results file. */
  info(label: string, value: number | string, unit?: string): void;
  /** A progress line on stderr. */
  log(message: string): void;
  /** Notes that this benchmark ran against a database of this kind (for the `db` field). */
  usedDatabase(kind: DbKind): void;
}

export interface Benchmark {
  name: string;
  description: string;
  /** The runner fails the benchmark if it takes longer than this (default 5 minutes). */
  timeoutMs?: number;
  run(ctx: BenchContext): Promise<void>;
}

export function defineBenchmark(benchmark: Benchmark): Benchmark {
  if (!/^[a-z][a-z0-9_-]*$/.test(benchmark.name)) throw new Error(`bad benchmark name ${benchmark.name}`);
  return benchmark;
}

/** Runs one benchmark and collects what it records (does not write or print the report). */
export async function runBenchmark(benchmark: Benchmark): Promise<BenchReport> {
  const results: BenchResult[] = [];
  const databases = new Set<DbKind>();
  const ctx: BenchContext = {
    name: benchmark.name,
    record(metric, value, unit, baseline) {
      if (!Number.isFinite(value) || !Number.isFinite(baseline.value) || baseline.value === 0) {
        throw new Error(`${metric}: cannot compare ${value} with baseline ${baseline.name} = ${baseline.value}`);
      }
      if (results.some((r) => r.metric === metric)) throw new Error(`${metric} recorded twice`);
      results.push({
        metric,
        value: roundValue(value),
        unit,
        baseline: { name: baseline.name, value: roundValue(baseline.value) },
        ratio: roundRatio(value / baseline.value),
      });
    },
    info(label, value, unit = '') {
      const shown = typeof value === 'number' ? formatNumber(roundValue(value)) : value;
      process.stdout.write(`  · ${label}: ${shown}${unit ? ` ${unit}` : ''}\n`);
    },
    log(message) {
      process.stderr.write(`[${benchmark.name}] ${message}\n`);
    },
    usedDatabase(kind) {
      databases.add(kind);
    },
  };
  await benchmark.run(ctx);
  const db: BenchReport['db'] =
    databases.has('pglite') && databases.has('postgres')
      ? 'pglite+postgres'
      : databases.has('pglite')
        ? 'pglite'
        : databases.has('postgres')
          ? 'postgres'
          : 'none';
  return { name: benchmark.name, date: new Date().toISOString(), node: process.version, db, results };
}

/** Writes bench/results/<name>.json and returns its path. */
export function writeResults(report: BenchReport): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${report.name}.json`);
  const ordered: BenchReport = {
    name: report.name,
    date: report.date,
    node: report.node,
    db: report.db,
    results: report.results,
  };
  fs.writeFileSync(file, JSON.stringify(ordered, null, 2) + '\n');
  return file;
}

/** The report as a table on stdout. */
export function printReport(report: BenchReport): void {
  const rows = report.results.map((r) => [
    r.metric,
    `${formatNumber(r.value)} ${r.unit}`,
    r.baseline.name,
    `${formatNumber(r.baseline.value)} ${r.unit}`,
    `×${r.ratio}`,
  ]);
  const header = ['metric', 'value', 'baseline', 'baseline value', 'ratio'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 || c === 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const out = [
    `\n${report.name} — ${report.date}, node ${report.node}, db ${report.db}`,
    line(header),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
  ];
  process.stdout.write(out.join('\n') + '\n');
}

/** Three significant figures: ×412, ×41.2, ×4.12, ×0.412. */
export function roundRatio(x: number): number {
  return Number(x.toPrecision(3));
}

/** Whole numbers from 100 up, three significant figures below. */
export function roundValue(x: number): number {
  return Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3));
}

function formatNumber(x: number): string {
  return Math.abs(x) >= 10_000 ? x.toLocaleString('en-US') : String(x);
}

// ---------------------------------------------------------------------------------------------
// Timing synchronous operations
// ---------------------------------------------------------------------------------------------

/** An operation on the i-th input; what it returns is kept so the work cannot be optimised away. */
export type Op = (i: number) => unknown;

export interface TimingOptions {
  /** Calls before measuring, to let the JIT settle (and to size the batches). Default 300 ms. */
  warmupMs?: number;
  /** Each sample times a batch of calls lasting about this long. Default 20 ms. */
  sampleMs?: number;
  /** Stop after this much measuring time (both sides together)… Default 3 s. */
  budgetMs?: number;
  /** …but take at least this many samples of each side. Default 10. */
  minSamples?: number;
  /** Never more than this many samples of each side. Default 200. */
  maxSamples?: number;
}

export interface Timing {
  samples: number;
  /** Calls timed in all. */
  ops: number;
  /** Median over samples of (calls in the sample / its duration). */
  opsPerSec: number;
  /** Median time per call, µs. */
  medianUs: number;
  /** 95th percentile over samples of the mean time per call in that sample, µs. */
  p95Us: number;
}

let sink = 0;
function keep(value: unknown): void {
  if (value !== null && value !== undefined && value !== false) sink++;
}

/** Seconds of one batch of `n` calls starting at input `start`. */
function timeBatch(op: Op, start: number, n: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) keep(op(start + i));
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

class Sampler {
  private next = 0;
  batch = 1;
  readonly perOpSeconds: number[] = [];
  ops = 0;

  constructor(private readonly op: Op) {}

  /** Warms up for `ms` and sizes the batch so one lasts about `sampleMs`. */
  warm(ms: number, sampleMs: number): void {
    const end = performance.now() + ms;
    let n = 1;
    let last: number;
    do {
      last = timeBatch(this.op, this.next, n) / n;
      this.next += n;
      if (n < 1e6 && last * n < sampleMs / 1000 / 4) n *= 2;
    } while (performance.now() < end);
    this.batch = Math.max(1, Math.round(sampleMs / 1000 / Math.max(last, 1e-9)));
  }

  sample(): number {
    const seconds = timeBatch(this.op, this.next, this.batch);
    this.next += this.batch;
    this.ops += this.batch;
    this.perOpSeconds.push(seconds / this.batch);
    return seconds;
  }

  timing(): Timing {
    const perOp = [...this.perOpSeconds].sort((a, b) => a - b);
    const median = quantile(perOp, 0.5);
    return {
      samples: perOp.length,
      ops: this.ops,
      opsPerSec: 1 / median,
      medianUs: median * 1e6,
      p95Us: quantile(perOp, 0.95) * 1e6,
    };
  }
}

/**
 * Times a candidate and its baseline, alternating one sample of each so that they share the
 * machine's noise. Each operation is called with a running index (use it to walk an input array).
 */
export function compare(
  candidate: Op,
  baseline: Op,
  options: TimingOptions = {},
): { candidate: Timing; baseline: Timing } {
  const { warmupMs = 300, sampleMs = 20, budgetMs = 3000, minSamples = 10, maxSamples = 200 } = options;
  const a = new Sampler(candidate);
  const b = new Sampler(baseline);
  a.warm(warmupMs, sampleMs);
  b.warm(warmupMs, sampleMs);
  let spent = 0;
  let taken = 0;
  while (taken < maxSamples && (taken < minSamples || spent * 1000 < budgetMs)) {
    // Alternate which goes first, so neither always runs right after a GC the other caused.
    if (taken % 2 === 0) spent += a.sample() + b.sample();
    else spent += b.sample() + a.sample();
    taken++;
  }
  return { candidate: a.timing(), baseline: b.timing() };
}

/** Times one operation on its own (when there is nothing to interleave it with). */
export function time(op: Op, options: TimingOptions = {}): Timing {
  const { warmupMs = 300, sampleMs = 20, budgetMs = 3000, minSamples = 10, maxSamples = 200 } = options;
  const s = new Sampler(op);
  s.warm(warmupMs, sampleMs);
  let spent = 0;
  let taken = 0;
  while (taken < maxSamples && (taken < minSamples || spent * 1000 < budgetMs)) {
    spent += s.sample();
    taken++;
  }
  return s.timing();
}

/**
 * A full garbage collection, so that a one-off task does not pay for the garbage its predecessor
 * left (`gc` is exposed at run time; without it this does nothing).
 */
export const gc: (() => void) | null = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
})();

/**
 * Median wall time (ms) of a one-off task (building an index) and of its baseline, run
 * alternately `repeats` times each after one untimed run of each, each from a collected heap.
 */
export function compareOneOff(
  candidate: () => unknown,
  baseline: () => unknown,
  repeats: number,
): { candidateMs: number; baselineMs: number } {
  const once = (task: () => unknown) => {
    gc?.();
    const t0 = performance.now();
    keep(task());
    return performance.now() - t0;
  };
  once(candidate);
  once(baseline);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < repeats; r++) {
    if (r % 2 === 0) {
      a.push(once(candidate));
      b.push(once(baseline));
    } else {
      b.push(once(baseline));
      a.push(once(candidate));
    }
  }
  return { candidateMs: median(a), baselineMs: median(b) };
}

// ---------------------------------------------------------------------------------------------
// Timing asynchronous operations under concurrency
// ---------------------------------------------------------------------------------------------

export interface ConcurrentRun {
  count: number;
  seconds: number;
  /** count / seconds. */
  perSec: number;
  /** Latency of each task, ms, in completion order. */
  latenciesMs: number[];
}

/**
 * Runs `task(0)`…`task(count - 1)` with at most `concurrency` in flight and times each. The
 * first failure stops the run and is thrown.
 */
export async function runConcurrent(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<ConcurrentRun> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < count) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
      } catch (error) {
        failed ??= error;
        return;
      }
      latenciesMs.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  if (failed !== null) throw failed;
  return { count, seconds, perSec: count / seconds, latenciesMs };
}

// ---------------------------------------------------------------------------------------------
// Statistics and inputs
// ---------------------------------------------------------------------------------------------

/** The q-quantile of sorted values, by linear interpolation. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export { seededRandom } from '../core/seeded-random.js';

/** Makes sure the optimiser sees the kept results used (never true in practice). */
export function sinkValue(): number {
  return sink;
}
