/**
 * Benchmark `security`: what the security measures cost, each against the same work without them
 * in the same run (rounds alternate, so the machine's noise falls on both sides alike).
 *
 * - Audit append (审计日志): one record through AuditRepository.append — the chain trigger takes the
 *   head row under lock, numbers the record and hashes it — against the same INSERT into a copy of
 *   the table without its triggers. Per write, one at a time (as requests append), on both databases.
 * - Audit verification (`verify-audit`): records per second, the database recomputing every hash,
 *   against reading the same records in the same batches without hashing.
 * - Personal data: sealing a reporter's phone (AES-256-GCM envelope, keyed HMAC search hash, mask)
 *   against one SHA-256 of it, and opening an envelope against the same; in process.
 * - Validation: a report's body through the schema and the storable-text walk (NUL, unpaired
 *   surrogates) against the schema alone.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../server/db/database.js';
import { migrate } from '../server/db/migrate.js';
import { AuditRepository, type NewAuditRecord } from '../server/audit/audit.repository.js';
import { verifyAuditChain } from '../server/audit/verify-audit.js';
import { FieldCipher } from '../server/personal-data/field-cipher.js';
import { REPORTER_PHONE, sealPhone } from '../server/personal-data/reporter-identity.js';
import { unstorableTextAt } from '../server/http/validator.js';
import { Ajv } from 'ajv';
import { compare, defineBenchmark, median, type BenchContext, type DbKind } from './harness.js';
import { postgresReachable, withPglite, withPostgresSchema } from './bench-database.js';

const ROUNDS = 5;
const APPENDS_PER_ROUND = Number(process.env.SECURITY_APPENDS ?? 300);
const VERIFY_RECORDS = Number(process.env.SECURITY_VERIFY_RECORDS ?? 20_000);

function auditRecord(i: number): NewAuditRecord {
  return {
    at: new Date(Date.UTC(2026, 10, 24, 8, 0, 0) + i * 1000),
    actorId: 1000 + (i % 50),
    actorName: '张网格员',
    actorRole: 'grid_worker',
    actorJurisdiction: '420102001001001',
    action: 'POST /api/events/:id/actions/resolve',
    targetType: 'event',
    targetId: String(10_000 + i),
    clientAddress: '10.1.2.3',
    status: 200,
    errorCode: null,
    details: { version: i % 7 },
  };
}

async function auditAppend(ctx: BenchContext, kind: DbKind, database: Database): Promise<void> {
  const db = database.db;
  // the same columns and indexes, no triggers: what a plain log table would cost
  await sql`CREATE TABLE bench_audit_plain (LIKE audit_records INCLUDING ALL)`.execute(db);
  const repo = new AuditRepository(db);
  let plainId = 0;
  const plain = async (r: NewAuditRecord) => {
    plainId++;
    await sql`INSERT INTO bench_audit_plain (id, at, actor_id, actor_name, actor_role, actor_jurisdiction, action, target_type, target_id, client_address, status, error_code, details, prev_hash, hash)
      VALUES (${plainId}, ${r.at}, ${r.actorId}, ${r.actorName}, ${r.actorRole}, ${r.actorJurisdiction}, ${r.action}, ${r.targetType}, ${r.targetId}, ${r.clientAddress}, ${r.status}, ${r.errorCode}, ${JSON.stringify(r.details)}, ${''}, ${''})`.execute(
      db,
    );
  };
  let n = 0;
  // warm both paths
  for (let i = 0; i < 50; i++) {
    await repo.append(auditRecord(n++));
    await plain(auditRecord(n++));
  }
  const chained: number[] = [];
  const plainMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    for (let i = 0; i < APPENDS_PER_ROUND; i++) await repo.append(auditRecord(n++));
    chained.push((performance.now() - t0) / APPENDS_PER_ROUND);
    t0 = performance.now();
    for (let i = 0; i < APPENDS_PER_ROUND; i++) await plain(auditRecord(n++));
    plainMs.push((performance.now() - t0) / APPENDS_PER_ROUND);
  }
  ctx.info(`${kind}: audit append ms per round`, chained.map((x) => x.toFixed(2)).join(', '));
  ctx.info(`${kind}: plain insert ms per round`, plainMs.map((x) => x.toFixed(2)).join(', '));
  ctx.record(`audit_append_ms_${kind}`, median(chained), 'ms', {
    name: `plain_insert_ms_${kind}`,
    value: median(plainMs),
  });
}

async function auditVerify(ctx: BenchContext, kind: DbKind, database: Database): Promise<void> {
  const db = database.db;
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_records`.execute(db)).rows[0]!.n);
  // fill the chain in a few large transactions (one append per record, as the trigger requires)
  const missing = Math.max(0, VERIFY_RECORDS - have);
  const t0 = performance.now();
  for (let done = 0; done < missing;) {
    const batch = Math.min(2000, missing - done);
    await db.transaction().execute(async (trx) => {
      const repo = new AuditRepository(trx);
      for (let i = 0; i < batch; i++) await repo.append(auditRecord(have + done + i));
    });
    done += batch;
  }
  ctx.log(
    `${kind}: audit chain of ${VERIFY_RECORDS} records ready (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const total = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_records`.execute(db)).rows[0]!.n);
  const verifyRates: number[] = [];
  const readRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    const result = await verifyAuditChain(db);
    if (result.broken || result.verified !== total)
      throw new Error(`the chain did not verify: ${JSON.stringify(result.broken)} (${result.verified}/${total})`);
    verifyRates.push(total / ((performance.now() - start) / 1000));
    // the same batches, the same columns, no hashing
    start = performance.now();
    let after = 0;
    let read = 0;
    for (;;) {
      const rows = await sql<{
        id: string;
      }>`SELECT * FROM audit_records WHERE id > ${after} ORDER BY id LIMIT 5000`.execute(db);
      read += rows.rows.length;
      if (rows.rows.length < 5000) break;
      after = Number(rows.rows[rows.rows.length - 1]!.id);
    }
    if (read !== total) throw new Error(`read ${read} of ${total}`);
    readRates.push(total / ((performance.now() - start) / 1000));
  }
  ctx.record(`audit_verify_records_per_s_${kind}`, median(verifyRates), 'records/s', {
    name: `audit_plain_read_records_per_s_${kind}`,
    value: median(readRates),
  });
}

function personalData(ctx: BenchContext): void {
  const pii = new FieldCipher([{ id: 'kbench001', secret: Buffer.alloc(32, 3) }]);
  const phones = Array.from({ length: 1000 }, (_, i) => `139${String(10_000_000 + i * 7919).slice(-8)}`);
  const sha = (i: number) =>
    createHash('sha256')
      .update(phones[i % phones.length]!)
      .digest('hex');
  const seal = compare((i) => sealPhone(pii, phones[i % phones.length]!), sha, { minSamples: 20 });
  ctx.record('phone_seal_us', seal.candidate.medianUs, 'µs', { name: 'sha256_us', value: seal.baseline.medianUs });
  const envelopes = phones.map((p) => pii.encrypt(p, REPORTER_PHONE));
  const open = compare((i) => pii.decrypt(envelopes[i % envelopes.length]!, REPORTER_PHONE), sha, { minSamples: 20 });
  ctx.record('phone_open_us', open.candidate.medianUs, 'µs', { name: 'sha256_us', value: open.baseline.medianUs });
}

function validation(ctx: BenchContext): void {
  const ajv = new Ajv({ coerceTypes: false });
  // the shape of a report (server/events/event.schemas.ts), inline so the bench does not depend on TypeBox's output
  const validate = ajv.compile({
    type: 'object',
    required: ['categoryCode', 'description', 'location'],
    additionalProperties: false,
    properties: {
      categoryCode: { type: 'string', maxLength: 64 },
      title: { type: 'string', maxLength: 100 },
      description: { type: 'string', minLength: 1, maxLength: 4000 },
      address: { type: 'string', maxLength: 200 },
      reporterName: { type: 'string', maxLength: 50 },
      reporterPhone: { type: 'string', maxLength: 20 },
      location: {
        type: 'object',
        required: ['lng', 'lat'],
        properties: { lng: { type: 'number' }, lat: { type: 'number' } },
      },
      attachmentIds: { type: 'array', items: { type: 'string' }, maxItems: 9 },
    },
  });
  const body = {
    categoryCode: 'hazard.fire.exits',
    title: '楼道堆放杂物堵塞消防通道',
    description: '三单元一楼至三楼楼道堆放纸箱、旧家具，堵塞消防通道，存在火灾隐患，请尽快处理。'.repeat(4),
    address: '幸福路12号3单元',
    reporterName: '张三',
    reporterPhone: '13912345678',
    location: { lng: 114.305, lat: 30.593 },
    attachmentIds: ['a1b2c3', 'd4e5f6'],
  };
  const r = compare(
    () => validate(body) && unstorableTextAt(body) === null,
    () => validate(body),
    { minSamples: 20 },
  );
  ctx.record('report_validation_with_text_check_us', r.candidate.medianUs, 'µs', {
    name: 'report_schema_validation_us',
    value: r.baseline.medianUs,
  });
}

export default defineBenchmark({
  name: 'security',
  description:
    'what the audit chain, personal-data encryption and the text check cost, against the same work without them',
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    personalData(ctx);
    validation(ctx);
    await withPglite('security', async (database) => {
      ctx.usedDatabase('pglite');
      await migrate(database.db);
      await auditAppend(ctx, 'pglite', database);
      await auditVerify(ctx, 'pglite', database);
    });
    if (await postgresReachable(ctx, [])) {
      await withPostgresSchema(ctx, { name: 'security', label: 'postgres', poolSize: 2 }, async (database) => {
        ctx.usedDatabase('postgres');
        await migrate(database.db);
        await auditAppend(ctx, 'postgres', database);
        await auditVerify(ctx, 'postgres', database);
      });
    }
  },
});
