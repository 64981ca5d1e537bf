/**
 * The in-memory spatial index over jurisdiction boundaries that auto-dispatch locates events
 * with. Built from the database at start, rebuilt when boundaries change: at once in this process
 * (`invalidate`), and in other processes when they see `geo_version` move (checked at most every
 * few seconds, so a multi-server deployment converges without a message bus).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { GridRouter, type RoutableArea, type RouteResult } from '../../core/geo/grid-router.js';
import { validateAreaGeometry } from '../../core/geo/geometry.js';
import { GeoRepository } from './geo.repository.js';

export interface GridIndex {
  locate(lng: number, lat: number): Promise<RouteResult | null>;
  /** The county events outside every boundary fall back to. */
  rootCounty(): Promise<string | null>;
  /** Inside the county or within `toleranceMeters` of its boundary (GridRouter.isWithinReach). */
  isWithinReach(lng: number, lat: number, toleranceMeters: number): Promise<boolean>;
  invalidate(): void;
}

export class DatabaseGridIndex implements GridIndex {
  private router: GridRouter | null = null;
  private version = -1;
  private county: string | null = null;
  private checkedAt = 0;
  private building: Promise<void> | null = null;
  private readonly geo: GeoRepository;

  constructor(
    db: Kysely<Schema>,
    private readonly now: () => number = Date.now,
    private readonly recheckMs = 5000,
  ) {
    this.geo = new GeoRepository(db);
  }

  invalidate(): void {
    this.version = -1;
  }

  private async ensureFresh(): Promise<void> {
    if (this.version >= 0 && this.now() - this.checkedAt < this.recheckMs) return;
    if (this.building) return this.building;
    this.building = (async () => {
      const version = await this.geo.version();
      this.checkedAt = this.now();
      if (version !== this.version || !this.router) await this.rebuild(version);
    })().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async rebuild(version: number): Promise<void> {
    const rows = await this.geo.boundaries();
    const areas: RoutableArea[] = [];
    for (const row of rows) {
      const checked = validateAreaGeometry(row.boundary);
      if (checked.ok) areas.push({ code: row.code, level: row.level, geometry: checked.geometry });
    }
    this.router = GridRouter.build(areas);
    this.county = await this.geo.rootCounty();
    this.version = version;
  }

  async locate(lng: number, lat: number): Promise<RouteResult | null> {
    await this.ensureFresh();
    return this.router!.locate(lng, lat);
  }

  async isWithinReach(lng: number, lat: number, toleranceMeters: number): Promise<boolean> {
    await this.ensureFresh();
    return this.router!.isWithinReach(lng, lat, toleranceMeters);
  }

  async rootCounty(): Promise<string | null> {
    await this.ensureFresh();
    return this.county;
  }
}

/** Marks boundaries as changed so every process rebuilds its index. Call inside the write's transaction. */
export async function bumpGeoVersion(db: Kysely<Schema>): Promise<void> {
  await new GeoRepository(db).bumpVersion();
}
