/**
 * Verifies the audit trail's hash chain (审计链校验): reads it in id order in batches (one query
 * per batch; the database recomputes each record's hash), walks it with the pure checker and
 * stops at the first broken link. Used by `yiwang verify-audit`.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { AuditRepository } from './audit.repository.js';
import { checkChainBatch, checkChainHead, startChainWalk, type BrokenLink } from '../../core/audit/audit-chain.js';

export interface AuditVerification {
  /** Records checked and found whole (before the broken link, if any). */
  verified: number;
  /** The last whole record's id and hash (write the hash down elsewhere: it anchors the chain). */
  lastId: number;
  lastHash: string;
  broken: BrokenLink | null;
}

export async function verifyAuditChain(
  db: Kysely<Schema>,
  options: { batchSize?: number; onProgress?: (verified: number) => void } = {},
): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 5000;
  const repo = new AuditRepository(db);
  // The head first: every record up to its id had committed when it was read (the head moves in the
  // appending transaction), so appends made while the walk runs are simply not part of this check.
  const head = await repo.chainHead();
  let walk = startChainWalk();
  for (;;) {
    const batch = await repo.chainBatch(walk.lastId, head.lastId, batchSize);
    if (batch.length === 0) break;
    const checked = checkChainBatch(walk, batch);
    walk = checked.walk;
    if (checked.broken) return { ...walk, broken: checked.broken };
    options.onProgress?.(walk.verified);
    if (batch.length < batchSize) break;
  }
  return { ...walk, broken: checkChainHead(walk, head) };
}

/** What `verify-audit` prints: the count and rate, then the anchor hash or the first broken link. */
export function describeVerification(result: AuditVerification, seconds: number): string[] {
  const rate = seconds > 0 ? ` (${Math.round(result.verified / seconds).toLocaleString('en')} records/s)` : '';
  const lines = [`audit records verified: ${result.verified} in ${seconds.toFixed(2)} s${rate}`];
  if (!result.broken) {
    lines.push(
      result.lastId === 0
        ? 'the audit trail is empty'
        : `the chain is whole up to record ${result.lastId}; its hash ${result.lastHash}`,
    );
    return lines;
  }
  const b = result.broken;
  lines.push(`BROKEN at record ${b.id}${b.at ? ` (${b.at.toISOString()})` : ''}: ${b.problem} — ${b.message}`);
  if (result.lastId > 0) lines.push(`the chain is whole up to record ${result.lastId}`);
  return lines;
}
