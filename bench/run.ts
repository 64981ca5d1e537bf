/**
 * Runs the benchmarks: `npx tsx bench/run.ts` runs them all, `npx tsx bench/run.ts routing`
 * (or several names) only those. Each writes bench/results/<name>.json and prints a table. Exits
 * non-zero if a benchmark throws or overruns its time limit; the others still run.
 */
import { printReport, runBenchmark, writeResults, type Benchmark } from './harness.js';
import routing from './routing.bench.js';
import intake from './intake.bench.js';
import deadlines from './deadlines.bench.js';
import analytics from './analytics.bench.js';
import exports from './exports.bench.js';
import web from './web.bench.js';
import load from './load.bench.js';
import security from './security.bench.js';
import serialisation from './serialisation.bench.js';

const BENCHMARKS: Benchmark[] = [routing, intake, deadlines, analytics, exports, web, load, security, serialisation];
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `usage: npx tsx bench/run.ts [name …]\n\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}`).join('\n')}\n`,
    );
    return 0;
  }
  const unknown = argv.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length) {
    process.stderr.write(
      `unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const chosen = argv.length ? BENCHMARKS.filter((b) => argv.includes(b.name)) : BENCHMARKS;
  let failures = 0;
  for (const benchmark of chosen) {
    process.stdout.write(`\n▶ ${benchmark.name}: ${benchmark.description}\n`);
    const started = performance.now();
    const limit = benchmark.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      const report = await Promise.race([
        runBenchmark(benchmark),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${limit / 1000} s`)), limit);
        }),
      ]);
      printReport(report);
      const file = writeResults(report);
      process.stdout.write(`  → ${file} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (error) {
      failures++;
      process.stderr.write(
        `✗ ${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
  return failures ? 1 : 0;
}

// Exit explicitly: a benchmark that failed or timed out may leave a server or a pool open.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
