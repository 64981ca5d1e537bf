/**
 * Checking the audit trail's hash chain (审计链校验), pure: the records arrive in id order, in
 * batches, each with the hash the database recomputes from its stored fields; the walk carries
 * its state from batch to batch and stops at the first broken link. The hash itself is defined
 * once, in SQL (migrations/011_audit.sql: audit_record_hash), so the inserting trigger and the
 * check cannot disagree about the canonical text.
 */

/** The hash the first record chains from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainRecord {
  id: number;
  at: Date;
  prevHash: string;
  hash: string;
  /** sha256(prev_hash ‖ canonical text) recomputed from the stored fields. */
  recomputedHash: string;
}

export type ChainProblem =
  /** The stored hash is not the hash of the record's fields: a field (or the hash) was changed. */
  | 'hash_mismatch'
  /** prev_hash is not the previous record's hash: a record before it was changed and re-hashed, or replaced. */
  | 'prev_hash_mismatch'
  /** An id is missing from the sequence: a record was deleted. */
  | 'missing_id'
  /** The chain head (the last id and hash appended) does not match the last record: records were removed from the end, or the head was changed. */
  | 'head_mismatch';

export interface BrokenLink {
  /** The first record that does not check out (for missing_id: the first missing id). */
  id: number;
  /** Its time, when the record exists. */
  at: Date | null;
  problem: ChainProblem;
  message: string;
}

export interface ChainWalk {
  /** Records checked so far. */
  verified: number;
  lastId: number;
  lastHash: string;
}

export function startChainWalk(): ChainWalk {
  return { verified: 0, lastId: 0, lastHash: GENESIS_HASH };
}

/** Checks the next batch; returns the walk after it, or the first broken link in it. */
export function checkChainBatch(
  walk: ChainWalk,
  records: readonly ChainRecord[],
): { walk: ChainWalk; broken: BrokenLink | null } {
  let { verified, lastId, lastHash } = walk;
  for (const r of records) {
    if (r.id !== lastId + 1) {
      const missing = lastId + 1;
      return {
        walk: { verified, lastId, lastHash },
        broken: {
          id: missing,
          at: null,
          problem: 'missing_id',
          message:
            r.id > missing
              ? `record ${missing}${r.id - 1 > missing ? `–${r.id - 1}` : ''} is missing (the next record is ${r.id})`
              : `record ${r.id} is out of sequence after ${lastId}`,
        },
      };
    }
    if (r.prevHash !== lastHash) {
      return {
        walk: { verified, lastId, lastHash },
        broken: {
          id: r.id,
          at: r.at,
          problem: 'prev_hash_mismatch',
          message: `record ${r.id}'s prev_hash is not the hash of record ${lastId}`,
        },
      };
    }
    if (r.hash !== r.recomputedHash) {
      return {
        walk: { verified, lastId, lastHash },
        broken: {
          id: r.id,
          at: r.at,
          problem: 'hash_mismatch',
          message: `record ${r.id}'s hash does not match its contents`,
        },
      };
    }
    verified += 1;
    lastId = r.id;
    lastHash = r.hash;
  }
  return { walk: { verified, lastId, lastHash }, broken: null };
}

/** After the last batch: the chain head must name the last record checked. */
export function checkChainHead(walk: ChainWalk, head: { lastId: number; lastHash: string }): BrokenLink | null {
  if (head.lastId === walk.lastId && head.lastHash === walk.lastHash) return null;
  if (head.lastId > walk.lastId) {
    return {
      id: walk.lastId + 1,
      at: null,
      problem: 'missing_id',
      message: `records ${walk.lastId + 1}–${head.lastId} were appended but are missing from the end`,
    };
  }
  return {
    id: head.lastId,
    at: null,
    problem: 'head_mismatch',
    message: `the chain head (id ${head.lastId}) does not match the last record (id ${walk.lastId})`,
  };
}
