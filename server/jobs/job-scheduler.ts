/**
 * Periodic jobs on a durable schedule (see scheduled_jobs in migrations/003). Each process polls;
 * whichever claims a due job (an UPDATE with a lease) runs it. The jobs themselves are
 * idempotent and transactional (the clock sweep moves each light once, with its notices), so a
 * job interrupted by a crash is simply run again.
 *
 * Why not pg-boss: its current major needs Node 22; this is the small part of it we need, on
 * the same SQL for PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { ScheduledJobRepository } from './scheduled-job.repository.js';

export interface JobDefinition {
  name: string;
  intervalMs: number;
  run(): Promise<unknown>;
}

export class JobScheduler {
  private readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly schedule: ScheduledJobRepository;

  constructor(
    db: Kysely<Schema>,
    private readonly jobs: readonly JobDefinition[],
    private readonly options: {
      pollMs?: number;
      leaseMs?: number;
      now?: () => Date;
      onError?: (job: string, error: unknown) => void;
    } = {},
  ) {
    this.schedule = new ScheduledJobRepository(db);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Registers the jobs (keeping an existing schedule) so a fresh database runs them at once. */
  async register(): Promise<void> {
    const now = this.now();
    for (const job of this.jobs) await this.schedule.register(job.name, job.intervalMs, now);
  }

  /** Runs every job that is due and not leased by another process. Returns the names run. */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs) {
      const now = this.now();
      const lease = new Date(now.getTime() + (this.options.leaseMs ?? Math.max(60_000, job.intervalMs * 5)));
      if (!(await this.schedule.claim(job.name, this.owner, now, lease))) continue;
      let error: string | null = null;
      try {
        await job.run();
      } catch (e) {
        error = String((e as Error)?.stack ?? e).slice(0, 2000);
        this.options.onError?.(job.name, e);
      }
      const finished = this.now();
      await this.schedule.finish(job.name, this.owner, finished, error, new Date(finished.getTime() + job.intervalMs));
      ran.push(job.name);
    }
    return ran;
  }

  async start(): Promise<void> {
    await this.register();
    this.stopped = false;
    // each tick's promise is held in `running` (stop() waits for it) and never rejects
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.runDue()
        .then(() => undefined)
        .catch((e) => this.options.onError?.('scheduler', e))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 5000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) await this.running;
  }
}
