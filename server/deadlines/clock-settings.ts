/**
 * The settings every clock needs — time-limit rules, the tier ladder and the work calendar —
 * cached in memory and reloaded after a change (or at most every minute, for other processes'
 * changes).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { ClockSettings, DeadlineCalendar } from '../../core/deadlines/clocks.js';
import { DeadlineRepository } from './deadline.repository.js';
import { calendarProviderFor } from '../calendar/calendar.service.js';

export interface ClockSettingsProvider {
  get(): Promise<ClockSettings>;
  invalidate(): void;
}

export class DatabaseClockSettings implements ClockSettingsProvider {
  private cached: { settings: ClockSettings; at: number } | null = null;

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
    return settings;
  }
}

/** The work calendar the clocks count on: statutory holidays and swapped weekends, with overrides. */
export function calendarFor(db: Kysely<Schema>): () => Promise<DeadlineCalendar> {
  return () => calendarProviderFor(db).get();
}
