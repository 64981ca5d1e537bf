/** What the HTTP app is given from outside: configuration, database, clock and adapters. */
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Schema } from './db/schema.js';
import type { DatabaseKind, NotificationSource } from './db/database.js';
import type { AttachmentStorage } from './storage/attachment-storage.js';
import type { GridIndex } from './geo/grid-index.js';
import type { FieldCipher } from './personal-data/field-cipher.js';
import type { ClockSettingsProvider } from './deadlines/clock-settings.js';

export interface AppDeps {
  config: Config;
  db: Kysely<Schema>;
  dbKind: DatabaseKind;
  now: () => Date;
  storage: AttachmentStorage;
  gridIndex: GridIndex;
  /** Time-limit rules, the tier ladder and the work calendar for deadlines. */
  clocks: ClockSettingsProvider;
  /** LISTEN/NOTIFY on the database, for live updates (GET /api/live); without it that route answers 503. */
  listen?: NotificationSource;
  /** Personal-data encryption and search hash; buildApp makes it from the config's keys when absent. */
  pii?: FieldCipher;
  /**
   * How answers are written: by their response schemas (fast-json-stringify, the default) or by
   * JSON.stringify — the naive way, which the `serialisation` benchmark measures the default against.
   */
  answersBy?: 'schema' | 'json-stringify';
  /** Where the log lines go (JSON, one a line) when LOG_LEVEL is not silent: stdout when absent; tests read them. */
  logStream?: { write(line: string): void };
}
