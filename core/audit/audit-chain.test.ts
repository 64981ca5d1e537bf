import { describe, expect, it } from 'vitest';
import { checkChainBatch, checkChainHead, GENESIS_HASH, startChainWalk, type ChainRecord } from './audit-chain.js';

const at = new Date('2026-11-24T02:00:00Z');
/** A whole chain of n records (hashes are stand-ins: the checker compares, it does not hash). */
function chain(n: number): ChainRecord[] {
  const out: ChainRecord[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const hash = `h${id}`;
    out.push({ id, at, prevHash: prev, hash, recomputedHash: hash });
    prev = hash;
  }
  return out;
}

describe('checkChainBatch', () => {
  it('walks a whole chain across batches and agrees with its head', () => {
    const records = chain(10);
    let walk = startChainWalk();
    for (const batch of [records.slice(0, 4), records.slice(4, 8), records.slice(8)]) {
      const checked = checkChainBatch(walk, batch);
      expect(checked.broken).toBeNull();
      walk = checked.walk;
    }
    expect(walk).toEqual({ verified: 10, lastId: 10, lastHash: 'h10' });
    expect(checkChainHead(walk, { lastId: 10, lastHash: 'h10' })).toBeNull();
  });

  it('names a changed record, a broken link, a missing id', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, recomputedHash: 'other' };
    expect(checkChainBatch(startChainWalk(), changed)).toMatchObject({
      walk: { verified: 2, lastId: 2 },
      broken: { id: 3, problem: 'hash_mismatch', at },
    });

    const relinked = chain(5);
    relinked[3] = { ...relinked[3]!, prevHash: 'forged' };
    expect(checkChainBatch(startChainWalk(), relinked).broken).toMatchObject({ id: 4, problem: 'prev_hash_mismatch' });

    const gap = chain(6).filter((r) => r.id !== 3 && r.id !== 4);
    expect(checkChainBatch(startChainWalk(), gap).broken).toMatchObject({
      id: 3,
      problem: 'missing_id',
      at: null,
      message: expect.stringContaining('3–4'),
    });
    expect(checkChainBatch(startChainWalk(), chain(3).slice(1)).broken).toMatchObject({ id: 1, problem: 'missing_id' });
  });

  it('names records missing from the end, and a head that was changed', () => {
    const walk = checkChainBatch(startChainWalk(), chain(4)).walk;
    expect(checkChainHead(walk, { lastId: 6, lastHash: 'h6' })).toMatchObject({ id: 5, problem: 'missing_id' });
    expect(checkChainHead(walk, { lastId: 4, lastHash: 'x' })).toMatchObject({ id: 4, problem: 'head_mismatch' });
    expect(checkChainHead(startChainWalk(), { lastId: 0, lastHash: GENESIS_HASH })).toBeNull();
  });
});
