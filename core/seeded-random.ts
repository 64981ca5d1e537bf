/**
 * A seeded uniform generator in [0, 1) (mulberry32): the same sequence for the same seed, so a
 * generated lattice, a benchmark's inputs or a randomised test run can be replayed exactly.
 * Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
