/**
 * 设置故障: telling a county's command centre, once, of a stored setting the platform could not
 * use and replaced by its built-in default (a time-limit rule or 五级九天 rung the engine cannot
 * count, village-class settings this version no longer accepts). The record and the notices to
 * the centre's operators are written in the caller's transaction: a report rolled back with its
 * transaction is made again the next time the fault is met; one committed is never repeated.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { SettingFault } from '../../core/deadlines/deadline-settings.js';
import { OrganisationRepository } from '../organisation/organisation.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { resolveRecipients } from './recipients.js';
import { SettingFaultRepository } from './setting-fault.repository.js';

/** The outbox topic of a fault notice. */
export const SETTING_FAULT_TOPIC = 'setting.fault';

/** Tells the county centre of the faults it has not been told of; returns those told now. */
export async function reportSettingFaults(
  db: Kysely<Schema>,
  countyCode: string,
  faults: readonly SettingFault[],
  now: Date,
  eventId: number | null = null,
): Promise<SettingFault[]> {
  const unique = [...new Map(faults.map((f) => [f.key, f])).values()];
  const recorded = new Set(
    await new SettingFaultRepository(db).recordNew(
      unique.map((f) => ({
        county_code: countyCode,
        key: f.key,
        setting: f.setting,
        detail: f.detail,
        first_event_id: eventId,
        reported_at: now,
      })),
    ),
  );
  const told = unique.filter((f) => recorded.has(f.key));
  if (!told.length) return told;
  const operators = await resolveRecipients(new OrganisationRepository(db), [{ centreCode: countyCode }]);
  await new OutboxRepository(db).enqueue(
    told.flatMap((f) =>
      operators.map((o) => ({
        event_id: eventId,
        recipient_id: o.id,
        topic: SETTING_FAULT_TOPIC,
        payload: {
          recipient: { id: o.id, name: o.name, phone: o.phone },
          text: f.text,
          setting: f.setting,
          key: f.key,
          detail: f.detail,
          eventId,
        },
      })),
    ),
    now,
  );
  return told;
}
