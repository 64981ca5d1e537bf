/**
 * The settings every clock needs — time-limit rules, the tier ladder and the work calendar —
 * cached in memory and reloaded after a change (or at most every minute, for other processes'
 * changes). A stored rule or rung the engine cannot count is logged when the settings are loaded,
 * once per process; the clocks then fall back to the built-in default (core/deadlines/clocks.ts)
 * and the county centre is told (server/deadlines/open-clocks.ts).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { unusableSettings, type ClockSettings, type DeadlineCalendar } from '../../core/deadlines/clocks.js';
import { clockFallbackFault, type SettingFault } from '../../core/deadlines/deadline-settings.js';
import { DeadlineRepository } from './deadline.repository.js';
import { calendarProviderFor } from '../calendar/calendar.service.js';

/** Where a stored setting the engine cannot count is told (a warning in the log). */
export type BrokenSettingLog = (fault: SettingFault) => void;

export interface ClockSettingsProvider {
  get(): Promise<ClockSettings>;
  invalidate(): void;
  /** Told of each stored rule or rung the engine cannot count (buildApp points it at the app's log). */
  onBrokenSetting?: BrokenSettingLog;
}

const warnOnConsole: BrokenSettingLog = (fault) =>
  console.warn(
    JSON.stringify({
      level: 'warn',
      msg: 'a stored deadline setting cannot be counted; its clocks use the built-in default',
      setting: fault.setting,
      key: fault.key,
      detail: fault.detail,
    }),
  );

export class DatabaseClockSettings implements ClockSettingsProvider {
  private cached: { settings: ClockSettings; at: number } | null = null;
  private readonly logged = new Set<string>();
  /** Told of each broken stored setting once per process; buildApp points it at the app's log. */
  onBrokenSetting: BrokenSettingLog = warnOnConsole;

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly calendar: () => Promise<DeadlineCalendar>,
    private readonly maxAgeMs = 60_000,
  ) {}

  invalidate(): void {
    this.cached = null;
  }

  async get(): Promise<ClockSettings> {
    if (this.cached && Date.now() - this.cached.at < this.maxAgeMs) {
      return { ...this.cached.settings, calendar: await this.calendar() };
    }
    const repo = new DeadlineRepository(this.db);
    const [rules, ladder, calendar] = await Promise.all([repo.rules(), repo.ladder(), this.calendar()]);
    const settings = { rules, ladder, calendar };
    this.cached = { settings, at: Date.now() };
    this.logBroken(settings);
    return settings;
  }

  private logBroken(settings: ClockSettings): void {
    for (const fallback of unusableSettings(settings, new Date())) {
      const fault = clockFallbackFault(fallback);
      if (this.logged.has(fault.key)) continue;
      this.logged.add(fault.key);
      this.onBrokenSetting(fault);
    }
  }
}

/** The work calendar the clocks count on: statutory holidays and swapped weekends, with overrides. */
export function calendarFor(db: Kysely<Schema>): () => Promise<DeadlineCalendar> {
  return () => calendarProviderFor(db).get();
}
