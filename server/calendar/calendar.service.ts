/**
 * The work calendar as the application uses it: loaded from the package data plus the override
 * table, held in memory by a CalendarProvider (reloaded after an override change in this process,
 * and at most every 60 s otherwise so that other processes' changes arrive), and the county
 * centre's edits to the overrides — each one transaction, the provider told after the commit.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { AppDeps } from '../app-deps.js';
import type { CurrentUser } from '../../core/access/current-user.js';
import { fail } from '../../core/errors.js';
import {
  addCstDays,
  cstWeekday,
  type CstDate,
  type DayKind,
  type WorkCalendar,
} from '../../core/deadlines/work-calendar.js';
import { buildReport, importHasErrors, type ImportReport } from '../organisation/import/import-report.js';
import { CalendarRepository, type OverrideRow, type OverrideWrite } from './calendar.repository.js';
import { explicitDays, packageCalendar, workCalendarOf, type DaySource, type OverrideDay } from './holiday-source.js';
import { calendarProblem } from '../../core/deadlines/deadline-settings.js';
import type { ParsedArrangement } from './arrangement-file.js';

/** The calendar now in force: package data with the overrides laid over it. */
export async function loadWorkCalendar(db: Kysely<Schema>): Promise<WorkCalendar> {
  const overrides = await new CalendarRepository(db).days();
  return workCalendarOf(explicitDays(packageCalendar().days, overrides));
}

export interface CalendarProviderOptions {
  /** How long a loaded calendar is used before it is reloaded (default 60 s). */
  maxAgeMs?: number;
  /** Milliseconds now (default Date.now); a test may drive it. */
  clock?: () => number;
}

/**
 * The work calendar, cached. `get()` loads it on first use, again after `invalidate()` (called by
 * every override change in this process), and again once it is older than `maxAgeMs` (changes
 * made by another process). Concurrent callers share one load; a load that began before an
 * invalidation is not kept.
 */
export class CalendarProvider {
  private readonly maxAgeMs: number;
  private readonly clock: () => number;
  private generation = 0;
  private cached: { calendar: WorkCalendar; loadedAt: number; generation: number } | null = null;
  private loading: { promise: Promise<WorkCalendar>; generation: number } | null = null;

  constructor(
    private readonly db: Kysely<Schema>,
    options: CalendarProviderOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  async get(): Promise<WorkCalendar> {
    const now = this.clock();
    const c = this.cached;
    if (c && c.generation === this.generation && now - c.loadedAt < this.maxAgeMs) return c.calendar;
    if (this.loading && this.loading.generation === this.generation) return this.loading.promise;
    const generation = this.generation;
    const promise = loadWorkCalendar(this.db).then((calendar) => {
      if (generation === this.generation) this.cached = { calendar, loadedAt: now, generation };
      return calendar;
    });
    const loading = { promise, generation };
    this.loading = loading;
    const clear = () => {
      if (this.loading === loading) this.loading = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  /** Forget the loaded calendar: the next get() reads the database again. */
  invalidate(): void {
    this.generation++;
    this.cached = null;
  }
}

const providers = new WeakMap<Kysely<Schema>, CalendarProvider>();

/**
 * The one provider for a database in this process, shared by the calendar routes (which
 * invalidate it after each change) and the deadline engine (which reads it).
 */
export function calendarProviderFor(db: Kysely<Schema>): CalendarProvider {
  let provider = providers.get(db);
  if (!provider) {
    provider = new CalendarProvider(db);
    providers.set(db, provider);
  }
  return provider;
}

export interface CalendarDay {
  date: CstDate;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** workday / holiday from the package or an override; otherwise workday (Mon–Fri) or weekend */
  kind: DayKind | 'weekend';
  working: boolean;
  name: string | null;
  source: DaySource;
}

export const MAX_CALENDAR_SPAN_DAYS = 400;

/** Every date from `from` to `to` (inclusive) with its kind, name and source. */
export async function calendarDays(db: Kysely<Schema>, from: CstDate, to: CstDate) {
  if (to < from) fail('VALIDATION_FAILED', `"to" (${to}) is before "from" (${from})`);
  if (addCstDays(from, MAX_CALENDAR_SPAN_DAYS - 1) < to)
    fail('VALIDATION_FAILED', `at most ${MAX_CALENDAR_SPAN_DAYS} days at a time`);
  const pkg = packageCalendar();
  const overrides = await new CalendarRepository(db).list({ from, to });
  const explicit = explicitDays(pkg.days, overrides);
  const days: CalendarDay[] = [];
  const years = new Set<number>();
  for (let date = from; date <= to; date = addCstDays(date, 1)) {
    const weekday = cstWeekday(date);
    const day = explicit.get(date);
    years.add(Number(date.slice(0, 4)));
    if (day)
      days.push({ date, weekday, kind: day.kind, working: day.kind === 'workday', name: day.name, source: day.source });
    else
      days.push({
        date,
        weekday,
        kind: weekday <= 5 ? 'workday' : 'weekend',
        working: weekday <= 5,
        name: null,
        source: 'weekday',
      });
  }
  // Years the package does not know and no override touches: only weekends are rest days there.
  const overriddenYears = new Set((await new CalendarRepository(db).days()).map((o) => Number(o.date.slice(0, 4))));
  const uncoveredYears = [...years].filter((y) => (y < pkg.firstYear || y > pkg.lastYear) && !overriddenYears.has(y));
  return { from, to, packageYears: { first: pkg.firstYear, last: pkg.lastYear }, uncoveredYears, days };
}

function assertCountyOperator(user: CurrentUser): void {
  if (user.role !== 'county_operator') fail('FORBIDDEN', 'only the county command centre edits the work calendar');
}

/**
 * Refuses an override change that would leave the calendar unable to count a deadline — a run of
 * MAX_SCAN_DAYS days without a working day (CALENDAR_NO_WORKING_DAY) — before anything is written:
 * `changes` laid over the overrides stored now, `removed` taken away. A saved setting must never
 * make reporting impossible.
 */
async function assertCalendarCountable(
  repo: CalendarRepository,
  changes: readonly OverrideDay[],
  removed: CstDate | null = null,
): Promise<void> {
  const overrides = new Map<CstDate, OverrideDay>((await repo.days()).map((o) => [o.date, o]));
  for (const c of changes) overrides.set(c.date, { date: c.date, kind: c.kind, name: c.name });
  if (removed) overrides.delete(removed);
  const problem = calendarProblem(workCalendarOf(explicitDays(packageCalendar().days, [...overrides.values()])));
  if (problem) fail('CALENDAR_NO_WORKING_DAY', `${problem}: nothing was saved`);
}

export async function listOverrides(db: Kysely<Schema>): Promise<OverrideRow[]> {
  return new CalendarRepository(db).list();
}

export async function setOverride(
  deps: AppDeps,
  user: CurrentUser,
  write: OverrideWrite,
): Promise<{ override: OverrideRow; created: boolean }> {
  assertCountyOperator(user);
  const result = await deps.db.transaction().execute(async (trx) => {
    const repo = new CalendarRepository(trx);
    const existed = await repo.find(write.date);
    await assertCalendarCountable(repo, [write]);
    await repo.upsert(write, user.id, deps.now());
    return { override: (await repo.find(write.date))!, created: !existed };
  });
  calendarProviderFor(deps.db).invalidate();
  return result;
}

export async function deleteOverride(deps: AppDeps, user: CurrentUser, date: CstDate): Promise<OverrideRow> {
  assertCountyOperator(user);
  const removed = await deps.db.transaction().execute(async (trx) => {
    const repo = new CalendarRepository(trx);
    const existing = await repo.find(date);
    if (!existing) fail('CALENDAR_OVERRIDE_NOT_FOUND', `no calendar override for ${date}`);
    await assertCalendarCountable(repo, [], date);
    await repo.delete(date);
    return existing;
  });
  calendarProviderFor(deps.db).invalidate();
  return removed;
}

/**
 * Writes every row of an arrangement, or — when any row has an error — nothing, answering 422
 * IMPORT_HAS_ERRORS with the row-by-row report. A row equal to the override already there is
 * skipped; others insert or replace.
 */
export async function importOverrides(
  deps: AppDeps,
  user: CurrentUser,
  parsed: ParsedArrangement,
  options: { dryRun?: boolean } = {},
): Promise<ImportReport> {
  assertCountyOperator(user);
  const dryRun = options.dryRun ?? false;
  const count = async (repo: CalendarRepository) => {
    const existing = new Map((await repo.list()).map((o) => [o.date, o]));
    const counts = { rows: parsed.total, inserted: 0, updated: 0, skipped: 0 };
    const changed: OverrideWrite[] = [];
    for (const row of parsed.rows) {
      const old = existing.get(row.date);
      if (!old) counts.inserted++;
      else if (old.kind === row.kind && old.name === row.name && old.note === row.note) {
        counts.skipped++;
        continue;
      } else counts.updated++;
      changed.push({ date: row.date, kind: row.kind, name: row.name, note: row.note });
    }
    return { counts, changed };
  };
  if (parsed.errors.length || dryRun) {
    const { counts } = await count(new CalendarRepository(deps.db));
    // a dry run says what the import would answer: a calendar that cannot count is refused
    if (!parsed.errors.length) await assertCalendarCountable(new CalendarRepository(deps.db), parsed.rows);
    const report = buildReport({ dryRun, counts, errors: parsed.errors });
    if (!report.ok) throw importHasErrors(report);
    return report;
  }
  const counts = await deps.db.transaction().execute(async (trx) => {
    const repo = new CalendarRepository(trx);
    const { counts, changed } = await count(repo);
    await assertCalendarCountable(repo, changed);
    const now = deps.now();
    await repo.upsertMany(changed, user.id, now);
    return counts;
  });
  calendarProviderFor(deps.db).invalidate();
  return buildReport({ dryRun: false, counts, errors: [] });
}
