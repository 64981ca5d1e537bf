import { describe, expect, it } from 'vitest';
import {
  DEMO_COUNTY_CODE,
  DEMO_PASSWORD,
  allJurisdictions,
  bindingsByJurisdiction,
  demoLogins,
  generateCounty,
  type CountyModel,
} from './demo-county.js';
import { Random, chineseNumber, phoneNumber, personName } from './random.js';
import { GridRouter } from '../../core/geo/grid-router.js';
import { pointInGeometry, ringArea, type PolygonGeometry, type Position } from '../../core/geo/geometry.js';
import { ROLES, ROLE_LEVELS, dutyLevel, isDuty, isRole } from '../../core/access/roles.js';
import { levelOfCode, parentCodeOf } from '../../core/organisation/division-code.js';

const model = generateCounty({ seed: 42 });

function area(g: PolygonGeometry): number {
  return ringArea(g.coordinates[0]);
}

function randomPointIn(rng: Random, g: PolygonGeometry): Position {
  const ring = g.coordinates[0];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  for (;;) {
    const p: Position = [rng.float(Math.min(...xs), Math.max(...xs)), rng.float(Math.min(...ys), Math.max(...ys))];
    if (pointInGeometry(p, g)) return p;
  }
}

describe('random', () => {
  it('repeats itself for a seed and differs across seeds', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const sa = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(sa);
  });

  it('makes plausible names and phone numbers', () => {
    const rng = new Random(1);
    for (let i = 0; i < 200; i++) {
      expect(personName(rng)).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(phoneNumber(rng)).toMatch(/^1[3-9]\d{9}$/);
    }
    expect([1, 10, 16, 21, 105].map(chineseNumber)).toEqual(['一', '十', '十六', '二十一', '一百零五']);
  });
});

describe('generateCounty', () => {
  it('is deterministic: the same seed gives the same county', () => {
    const again = generateCounty({ seed: 42 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const other = generateCounty({ seed: 43 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(model));
  });

  it('has about 18 towns, 325 villages and 3,000 grids', () => {
    expect(model.county.code).toBe(DEMO_COUNTY_CODE);
    expect(model.county.name).toBe('一网示范县');
    expect(model.towns).toHaveLength(18);
    expect(model.villages.length).toBeGreaterThan(290);
    expect(model.villages.length).toBeLessThan(365);
    expect(model.grids.length).toBeGreaterThan(2800);
    expect(model.grids.length).toBeLessThan(3200);
    const dedicated = model.grids.filter((g) => g.kind === 'dedicated');
    expect(dedicated.length / model.grids.length).toBeGreaterThan(0.015);
    expect(dedicated.length / model.grids.length).toBeLessThan(0.045);
    expect(dedicated.map((g) => g.name)).toEqual(
      expect.arrayContaining(['县第一中学专属网格', '县人民医院专属网格', '工业园区专属网格']),
    );
    expect(model.towns.filter((t) => t.kind === 'subdistrict').length).toBe(2);
    expect(model.villages.some((v) => v.kind === 'community')).toBe(true);
    for (const g of model.grids) {
      expect(g.households).toBeGreaterThanOrEqual(15);
      expect(g.households).toBeLessThanOrEqual(200);
    }
  });

  it('numbers the tree with statistical division codes', () => {
    const codes = new Set<string>();
    for (const j of allJurisdictions(model)) {
      expect(codes.has(j.code)).toBe(false);
      codes.add(j.code);
      expect(levelOfCode(j.code)).toBe(j.level);
      expect(parentCodeOf(j.code)).toBe(j.parentCode);
      expect(j.name.length).toBeGreaterThan(0);
    }
    expect(model.towns[0].code).toBe('620999100000');
    for (const v of model.villages) {
      const n = Number(v.code.slice(9));
      if (v.kind === 'community') expect(n).toBeLessThan(100);
      else expect(n).toBeGreaterThanOrEqual(200);
    }
    expect(new Set(model.villages.map((v) => v.name)).size).toBe(model.villages.length);
    expect(new Set(model.towns.map((t) => t.name)).size).toBe(model.towns.length);
  });

  it('draws closed counter-clockwise rings around lng 105–106, lat 35–35.6', () => {
    for (const j of allJurisdictions(model)) {
      const ring = j.boundary.coordinates[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(ringArea(ring)).toBeGreaterThan(0);
      for (const [lng, lat] of ring) {
        expect(lng).toBeGreaterThan(104.9);
        expect(lng).toBeLessThan(106);
        expect(lat).toBeGreaterThan(34.9);
        expect(lat).toBeLessThan(35.7);
      }
      expect(pointInGeometry(j.centroid, j.boundary) || j.level !== 'grid').toBe(true);
    }
  });

  it('tiles exactly: children add up to their parent, area for area', () => {
    const byCode = new Map(allJurisdictions(model).map((j) => [j.code, j]));
    const sums = new Map<string, number>();
    for (const j of allJurisdictions(model)) {
      if (j.parentCode) sums.set(j.parentCode, (sums.get(j.parentCode) ?? 0) + area(j.boundary));
    }
    for (const [code, sum] of sums) {
      const own = area(byCode.get(code)!.boundary);
      expect(Math.abs(sum - own) / own).toBeLessThan(1e-9);
    }
    expect(sums.size).toBe(1 + model.towns.length + model.villages.length);
  });

  it('puts every point of a village in exactly one of its grids', () => {
    const rng = new Random(5);
    const gridsOf = new Map(model.villages.map((v) => [v.code, model.grids.filter((g) => g.villageCode === v.code)]));
    for (const village of model.villages) {
      for (let k = 0; k < 10; k++) {
        const p = randomPointIn(rng, village.boundary);
        const holders = gridsOf.get(village.code)!.filter((g) => pointInGeometry(p, g.boundary));
        expect(holders).toHaveLength(1);
      }
    }
  });

  it('routes points to the grid, village and town that contain them', () => {
    const router = GridRouter.build(
      allJurisdictions(model).map((j) => ({ code: j.code, level: j.level, geometry: j.boundary })),
    );
    const rng = new Random(9);
    const byCode = new Map(allJurisdictions(model).map((j) => [j.code, j]));
    for (let k = 0; k < 2000; k++) {
      const p = randomPointIn(rng, model.county.boundary);
      const found = router.locate(p[0], p[1]);
      expect(found?.level).toBe('grid');
      const grid = byCode.get(found!.code)!;
      expect(pointInGeometry(p, grid.boundary)).toBe(true);
      expect(pointInGeometry(p, byCode.get(grid.parentCode!)!.boundary)).toBe(true);
      expect(pointInGeometry(p, byCode.get(byCode.get(grid.parentCode!)!.parentCode!)!.boundary)).toBe(true);
    }
    const [lng, lat] = model.county.centroid;
    expect(router.locate(lng + 5, lat)).toBeNull();
  });

  it('binds owners to every grid and a 3+N team to every village', () => {
    const bound = bindingsByJurisdiction(model);
    const people = new Map(model.people.map((p) => [p.id, p]));
    for (const g of model.grids) {
      const duties = (bound.get(g.code) ?? []).map((b) => b.duty);
      expect(duties).toContain('grid_worker');
      expect(duties.filter((d) => d === 'grid_head')).toHaveLength(1);
    }
    for (const v of model.villages) {
      const duties = (bound.get(v.code) ?? []).map((b) => b.duty);
      expect(duties.filter((d) => d === 'leader_in_charge')).toHaveLength(1);
      expect(duties.filter((d) => d === 'party_secretary')).toHaveLength(1);
      expect(duties.filter((d) => d === 'community_police')).toHaveLength(1);
      const members = duties.filter((d) => d === 'team_member').length;
      expect(members).toBeGreaterThanOrEqual(1);
      expect(members).toBeLessThanOrEqual(3);
    }
    const seen = new Set<string>();
    for (const b of model.bindings) {
      const key = `${b.jurisdictionCode}/${b.personId}/${b.duty}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(isDuty(b.duty)).toBe(true);
      expect(levelOfCode(b.jurisdictionCode)).toBe(dutyLevel(b.duty));
      expect(people.has(b.personId)).toBe(true);
    }
    // A community police officer covers one to three villages.
    const villagesPerOfficer = new Map<number, number>();
    for (const b of model.bindings)
      if (b.duty === 'community_police')
        villagesPerOfficer.set(b.personId, (villagesPerOfficer.get(b.personId) ?? 0) + 1);
    expect(Math.max(...villagesPerOfficer.values())).toBeLessThanOrEqual(3);
    expect([...villagesPerOfficer.values()].some((n) => n > 1)).toBe(true);
  });

  it('gives everyone a known role at a level that role may hold, and unique ids and phones', () => {
    const codes = new Set(allJurisdictions(model).map((j) => j.code));
    const departments = new Set(model.departments.map((d) => d.id));
    model.people.forEach((p, k) => {
      expect(p.id).toBe(k + 1);
      expect(isRole(p.role)).toBe(true);
      expect(codes.has(p.jurisdictionCode)).toBe(true);
      expect(ROLE_LEVELS[p.role]).toContain(levelOfCode(p.jurisdictionCode));
      if (p.role === 'department_staff') expect(departments.has(p.departmentId!)).toBe(true);
      else expect(p.departmentId).toBeNull();
    });
    expect(new Set(model.people.map((p) => p.phone)).size).toBe(model.people.length);
    expect(model.departments.length).toBeGreaterThanOrEqual(20);
    expect(model.departments.map((d) => d.name)).toEqual(
      expect.arrayContaining(['县市场监管局', '县应急管理局', '县公安局']),
    );
    const count = (role: string) => model.people.filter((p) => p.role === role).length;
    expect(count('town_operator')).toBe(2 * model.towns.length);
    expect(count('county_operator')).toBe(3);
    expect(count('leader')).toBe(3 + model.towns.length);
    expect(count('citizen')).toBeGreaterThan(200);
  });

  it('has exactly one demo login per role, all in the first town’s first village', () => {
    const withLogin = model.people.filter((p) => p.username !== null);
    expect(withLogin.map((p) => p.username).sort()).toEqual([...ROLES].sort());
    for (const p of withLogin) expect(p.username).toBe(p.role);

    const town = model.towns[0];
    const village = model.villages.find((v) => v.code === town.villageCodes[0])!;
    const person = (role: (typeof ROLES)[number]) => model.people.find((p) => p.id === model.demo[role])!;
    const bindingsOf = (id: number) => model.bindings.filter((b) => b.personId === id);
    expect(person('grid_worker').jurisdictionCode).toBe(village.gridCodes[0]);
    expect(bindingsOf(model.demo.grid_worker)).toEqual([
      { personId: model.demo.grid_worker, jurisdictionCode: village.gridCodes[0], duty: 'grid_worker' },
    ]);
    expect(
      bindingsOf(model.demo.grid_head)
        .map((b) => b.jurisdictionCode)
        .sort(),
    ).toEqual([...village.gridCodes].sort());
    expect(bindingsOf(model.demo.village_secretary)).toEqual([
      { personId: model.demo.village_secretary, jurisdictionCode: village.code, duty: 'party_secretary' },
    ]);
    expect(bindingsOf(model.demo.village_leader)[0]).toMatchObject({
      jurisdictionCode: village.code,
      duty: 'leader_in_charge',
    });
    expect(bindingsOf(model.demo.village_team_member)[0]).toMatchObject({
      jurisdictionCode: village.code,
      duty: 'team_member',
    });
    expect(bindingsOf(model.demo.community_police)).toEqual([
      { personId: model.demo.community_police, jurisdictionCode: village.code, duty: 'community_police' },
    ]);
    for (const role of [
      'village_secretary',
      'village_leader',
      'village_team_member',
      'community_police',
      'mediator',
      'grid_head',
    ] as const) {
      expect(person(role).jurisdictionCode).toBe(village.code);
    }
    expect(person('citizen').jurisdictionCode.startsWith(village.code)).toBe(true);
    expect(person('town_operator').jurisdictionCode).toBe(town.code);
    expect(person('county_operator').jurisdictionCode).toBe(DEMO_COUNTY_CODE);
    expect(person('leader').jurisdictionCode).toBe(DEMO_COUNTY_CODE);
    expect(model.departments.find((d) => d.id === person('department_staff').departmentId)?.name).toBe('县应急管理局');

    const logins = demoLogins(model);
    expect(logins.map((l) => l.username)).toEqual([...ROLES]);
    for (const l of logins) {
      expect(l.password).toBe(DEMO_PASSWORD);
      expect(l.name.length).toBeGreaterThan(1);
      expect(l.jurisdictionName.startsWith('一网示范县')).toBe(true);
    }
    expect(logins.find((l) => l.role === 'grid_worker')!.jurisdictionName).toContain(village.name);
    expect(logins.find((l) => l.role === 'department_staff')!.departmentName).toBe('县应急管理局');
  });

  it('scales: scale 2 doubles the towns and the grids', () => {
    const double: CountyModel = generateCounty({ seed: 42, scale: 2 });
    expect(double.towns).toHaveLength(36);
    expect(double.grids.length / model.grids.length).toBeGreaterThan(1.8);
    expect(double.grids.length / model.grids.length).toBeLessThan(2.2);
    expect(double.villages.length / model.villages.length).toBeGreaterThan(1.7);
    const [minX, , maxX] = bounds(double.county.boundary);
    const [minX1, , maxX1] = bounds(model.county.boundary);
    expect(maxX - minX).toBeGreaterThan(1.3 * (maxX1 - minX1));
  });

  it('reaches about 20,000 grids at scale 7', () => {
    const big = generateCounty({ scale: 7 });
    expect(big.grids.length).toBeGreaterThan(19_000);
    expect(big.grids.length).toBeLessThan(22_000);
    expect(big.towns).toHaveLength(126);
  });
});

function bounds(g: PolygonGeometry): [number, number, number, number] {
  const ring = g.coordinates[0];
  return [
    Math.min(...ring.map((p) => p[0])),
    Math.min(...ring.map((p) => p[1])),
    Math.max(...ring.map((p) => p[0])),
    Math.max(...ring.map((p) => p[1])),
  ];
}
