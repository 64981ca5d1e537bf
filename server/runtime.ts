/**
 * Starting and stopping the platform: open the database (embedded unless DATABASE_URL), migrate,
 * seed reference data, build the app, listen, deliver notifications; on SIGINT/SIGTERM stop
 * accepting, finish what is in flight, close the database (releasing the embedded folder's lock).
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { seedReferenceData } from './db/reference-data.js';
import { buildApp } from './app.js';
import { openFieldCipher } from './personal-data/pii-keys.js';
import { encryptLegacyPhones } from './personal-data/personal-data-upkeep.js';
import { DiskStorage } from './storage/attachment-storage.js';
import { DatabaseClockSettings, calendarFor } from './deadlines/clock-settings.js';
import { DatabaseGridIndex } from './geo/grid-index.js';
import { OutboxRepository } from './notify/outbox.repository.js';
import { JobScheduler } from './jobs/job-scheduler.js';
import { villageClassJob } from './village-classes/village-class.service.js';
import { briefingJob } from './briefings/briefing.service.js';
import { exportWorkerJob } from './exports/export.service.js';
import { orphanAttachmentsJob } from './storage/attachment.service.js';
import { KpiRepository } from './analytics/kpi.repository.js';
import { sweepDeadlines } from './deadlines/deadline-sweep.js';
import { scheduleMissingFollowUps } from './followups/follow-up.service.js';
import { OutboxDispatcher } from './notify/outbox-dispatcher.js';
import { LogNotifier, WebhookNotifier, type Notifier } from './notify/notifier.js';

export interface Platform {
  app: FastifyInstance;
  database: Database;
  dispatcher: OutboxDispatcher;
  url: string;
  stop(): Promise<void>;
}

export async function openPlatformDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database.db);
  await seedReferenceData(database.db);
  // a bulk load cut off by a crash may have left the rollups' trigger off
  await new KpiRepository(database.db).ensureRollupsLive();
  return database;
}

export function notifierFor(config: Config): Notifier {
  return config.notifier === 'webhook'
    ? new WebhookNotifier(config.webhookUrl!)
    : new LogNotifier(path.join(config.dataDir, 'notifications.log'));
}

export async function startPlatform(config: Config, database: Database): Promise<Platform> {
  const now = () => new Date();
  const clocks = new DatabaseClockSettings(database.db, calendarFor(database.db));
  const storage = new DiskStorage(path.join(config.dataDir, 'files'));
  // personal data: the keys (made on first start when none are configured), then any phone an earlier
  // version or a bulk load stored in clear is encrypted before the app serves it
  const pii = await openFieldCipher(config, database.db, (file) =>
    console.log(`personal-data key created in ${file} (mode 0600): back it up apart from the database`),
  );
  const encrypted = await encryptLegacyPhones(database.db, pii);
  if (encrypted) console.log(`personal data: ${encrypted} phone numbers stored in clear were encrypted`);
  const app = await buildApp({
    pii,
    config,
    db: database.db,
    dbKind: database.kind,
    now,
    storage,
    clocks,
    gridIndex: new DatabaseGridIndex(database.db),
    listen: database.listen,
  });
  const dispatcher = new OutboxDispatcher(new OutboxRepository(database.db), notifierFor(config), {
    pollMs: config.outboxPollMs,
    leaseMs: config.outboxLeaseMs,
    onError: (error) => app.log.error({ err: error }, 'outbox delivery failed'),
  });
  const scheduler = new JobScheduler(
    database.db,
    [
      {
        name: 'deadline-sweep',
        intervalMs: config.sweepIntervalMs,
        run: () => sweepDeadlines({ db: database.db, now, clocks }),
      },
      // closing schedules its visits; this catches closings from before and cancels stale visits
      { name: 'follow-up-schedule', intervalMs: 5 * 60_000, run: () => scheduleMissingFollowUps(database.db, now()) },
      // 村级分类: this month provisional, last month kept once over
      villageClassJob(database.db, now),
      // 通报: weekly reviews (Monday, Friday), monthly, quarterly and yearly notices, once each
      briefingJob({ db: database.db, now }),
      // 导出: queued event-list exports, streamed to DATA_DIR/exports; old files expire
      exportWorkerJob({ config, db: database.db, now }),
      // uploads never linked to an event (PUBLIC_ORPHAN_HOURS, STAFF_ORPHAN_HOURS): rows and files
      orphanAttachmentsJob({ config, db: database.db, storage, now }),
    ],
    { onError: (job, error) => app.log.error({ err: error, job }, 'scheduled job failed') },
  );
  const address = await app.listen({ host: config.host, port: config.port });
  dispatcher.start();
  await scheduler.start();
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await scheduler.stop();
      await dispatcher.stop();
      await database.close();
    })());
  return { app, database, dispatcher, url: address, stop };
}
