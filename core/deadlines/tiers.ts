/**
 * Handling tiers (层级): who is responsible for an event now. The escalation path is
 * grid → village → town → county; a department (县直部门) is assigned by a centre and escalates
 * to the county. "小事不出村、大事不出镇、矛盾不上交": most events should end at the lowest tier.
 */
import type { JurisdictionLevel } from '../organisation/division-code.js';

export const TIERS = ['grid', 'village', 'town', 'department', 'county'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_NAMES_ZH: Record<Tier, string> = {
  grid: '网格',
  village: '村(社区)',
  town: '镇(街道)',
  department: '县直部门',
  county: '县',
};

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/** Where an escalation (提级) goes; null at the top. */
export function parentTier(tier: Tier): Tier | null {
  switch (tier) {
    case 'grid':
      return 'village';
    case 'village':
      return 'town';
    case 'town':
    case 'department':
      return 'county';
    case 'county':
      return null;
  }
}

/** The tier an event starts at, from the level of the jurisdiction it was dispatched to and how. */
export function initialTier(level: JurisdictionLevel, toCentre: boolean): Tier {
  if (toCentre) return level === 'county' ? 'county' : 'town';
  return level === 'grid' ? 'grid' : level === 'village' ? 'village' : level === 'town' ? 'town' : 'county';
}

const RANK: Record<Tier, number> = { grid: 0, village: 1, town: 2, department: 3, county: 3 };
const LEVEL_RANK: Record<JurisdictionLevel, number> = { grid: 0, village: 1, town: 2, county: 3 };

/**
 * Whether someone working at `level` stands above an event at `tier` — the tier that approves
 * its extensions and supervises it (延期审批 by "the tier above").
 */
export function isAboveTier(level: JurisdictionLevel, tier: Tier): boolean {
  if (tier === 'county' || tier === 'department') return level === 'county';
  return LEVEL_RANK[level] > RANK[tier];
}
