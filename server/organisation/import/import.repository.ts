/** SQL for the organisation import: the look-ups the checks need and the batched writes. */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../db/schema.js';
import type { JurisdictionLevel } from '../../../core/organisation/division-code.js';
import type { ExistingPerson } from './people-import.js';
import type { BindablePerson } from './binding-import.js';

type Db = Kysely<Schema>;

/** Rows per statement: well under PostgreSQL's 65,535 parameters for every write below. */
const BATCH = 500;
/** Values per IN (…) list. */
const LOOKUP_CHUNK = 2000;

/** Serialises imports: two imports of the same file at once would both plan an insert. */
const IMPORT_LOCK_ID = 4_201_338;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface JurisdictionWrite {
  code: string;
  parentCode: string | null;
  level: JurisdictionLevel;
  /** null on update keeps the stored value (kind, boundary and centroid, households). */
  kind: string | null;
  name: string;
  boundary: unknown | null;
  centroid: [number, number] | null;
  households: number | null;
}

export interface PersonWrite {
  name: string;
  phone: string | null;
  role: string;
  jurisdictionCode: string;
  departmentId: number | null;
  username: string | null;
  passwordHash: string | null;
}

export class ImportRepository {
  constructor(private readonly db: Db) {}

  /** Call first inside the import's transaction. */
  async lockImports(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_ID})`.execute(this.db);
  }

  async jurisdictionLevels(codes: readonly string[]): Promise<Map<string, { code: string; level: JurisdictionLevel }>> {
    const found = new Map<string, { code: string; level: JurisdictionLevel }>();
    for (const part of chunks(codes, LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('jurisdictions')
        .select(['code', 'level'])
        .where('code', 'in', part)
        .execute();
      for (const row of rows) found.set(row.code, row);
    }
    return found;
  }

  /** Grids (with their boundaries) of these villages. */
  async gridsOfVillages(
    villageCodes: readonly string[],
  ): Promise<{ code: string; parentCode: string; boundary: unknown }[]> {
    const out: { code: string; parentCode: string; boundary: unknown }[] = [];
    for (const part of chunks(villageCodes, LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('jurisdictions')
        .select(['code', 'parent_code', 'boundary'])
        .where('level', '=', 'grid')
        .where('parent_code', 'in', part)
        .where('boundary', 'is not', null)
        .execute();
      for (const row of rows) out.push({ code: row.code, parentCode: row.parent_code!, boundary: row.boundary });
    }
    return out;
  }

  /**
   * Moves `geo_version` (the counter the grid index watches, server/geo/grid-index.ts) in the
   * import's transaction: the boundaries changed, every process rebuilds its index. The import
   * writes boundaries and so moves their version itself; organisation never imports geo, which
   * reads the organisation's jurisdictions (server/import-cycles.test.ts).
   */
  async markBoundariesChanged(): Promise<void> {
    await this.db
      .updateTable('geo_version')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', 1)
      .execute();
  }

  /** Inserts, parents first (the caller orders them). */
  async insertJurisdictions(rows: readonly JurisdictionWrite[]): Promise<void> {
    for (const part of chunks(rows, BATCH)) {
      await this.db
        .insertInto('jurisdictions')
        .values(
          part.map((r) => ({
            code: r.code,
            parent_code: r.parentCode,
            level: r.level,
            kind: r.kind ?? 'unknown',
            name: r.name,
            boundary: r.boundary === null ? null : JSON.stringify(r.boundary),
            centroid_lng: r.centroid?.[0] ?? null,
            centroid_lat: r.centroid?.[1] ?? null,
            households: r.households,
          })),
        )
        .execute();
    }
  }

  async updateJurisdictions(rows: readonly JurisdictionWrite[], now: Date): Promise<void> {
    for (const part of chunks(rows, BATCH)) {
      const values = sql.join(
        part.map(
          (r) =>
            sql`(${r.code}::text, ${r.name}::text, ${r.kind}::text, ${r.boundary === null ? null : JSON.stringify(r.boundary)}::jsonb, ${
              r.centroid?.[0] ?? null
            }::float8, ${r.centroid?.[1] ?? null}::float8, ${r.households}::integer)`,
        ),
      );
      await sql`
        UPDATE jurisdictions AS j SET
          name = v.name,
          kind = COALESCE(v.kind, j.kind),
          boundary = COALESCE(v.boundary, j.boundary),
          centroid_lng = CASE WHEN v.boundary IS NULL THEN j.centroid_lng ELSE v.centroid_lng END,
          centroid_lat = CASE WHEN v.boundary IS NULL THEN j.centroid_lat ELSE v.centroid_lat END,
          households = COALESCE(v.households, j.households),
          updated_at = ${now}
        FROM (VALUES ${values}) AS v(code, name, kind, boundary, centroid_lng, centroid_lat, households)
        WHERE j.code = v.code`.execute(this.db);
    }
  }

  async departmentsByCode(codes: readonly string[]): Promise<Map<string, { id: number; jurisdiction_code: string }>> {
    const found = new Map<string, { id: number; jurisdiction_code: string }>();
    for (const part of chunks(codes, LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('departments')
        .select(['id', 'code', 'jurisdiction_code'])
        .where('code', 'in', part)
        .execute();
      for (const row of rows) found.set(row.code, { id: row.id, jurisdiction_code: row.jurisdiction_code });
    }
    return found;
  }

  async peopleByUsername(usernames: readonly string[]): Promise<Map<string, ExistingPerson & BindablePerson>> {
    const found = new Map<string, ExistingPerson & BindablePerson>();
    for (const part of chunks(usernames, LOOKUP_CHUNK)) {
      const rows = await this.personColumns().where('username', 'in', part).execute();
      for (const row of rows) found.set(row.username!, row);
    }
    return found;
  }

  async peopleByPhone(phones: readonly string[]): Promise<Map<string, (ExistingPerson & BindablePerson)[]>> {
    const found = new Map<string, (ExistingPerson & BindablePerson)[]>();
    for (const part of chunks(phones, LOOKUP_CHUNK)) {
      const rows = await this.personColumns().where('phone', 'in', part).orderBy('id').execute();
      for (const row of rows) {
        const list = found.get(row.phone!) ?? [];
        list.push(row);
        found.set(row.phone!, list);
      }
    }
    return found;
  }

  /** People with one of these names in one of these jurisdictions (the upsert key's candidates). */
  async peopleByNameAndPlace(
    names: readonly string[],
    jurisdictionCodes: readonly string[],
  ): Promise<ExistingPerson[]> {
    const out: ExistingPerson[] = [];
    for (const codePart of chunks(jurisdictionCodes, LOOKUP_CHUNK)) {
      for (const namePart of chunks(names, LOOKUP_CHUNK)) {
        out.push(
          ...(await this.personColumns()
            .where('jurisdiction_code', 'in', codePart)
            .where('name', 'in', namePart)
            .orderBy('id')
            .execute()),
        );
      }
    }
    return out;
  }

  private personColumns() {
    return this.db
      .selectFrom('people')
      .select(['id', 'name', 'phone', 'role', 'jurisdiction_code', 'username', 'active']);
  }

  async insertPeople(rows: readonly PersonWrite[]): Promise<void> {
    for (const part of chunks(rows, BATCH)) {
      await this.db
        .insertInto('people')
        .values(
          part.map((r) => ({
            name: r.name,
            phone: r.phone,
            role: r.role,
            jurisdiction_code: r.jurisdictionCode,
            department_id: r.departmentId,
            username: r.username,
            password_hash: r.passwordHash,
          })),
        )
        .execute();
    }
  }

  /** Updates by id; a null username or password hash keeps the stored one. */
  async updatePeople(rows: readonly (PersonWrite & { id: number })[]): Promise<void> {
    for (const part of chunks(rows, BATCH)) {
      const values = sql.join(
        part.map(
          (r) =>
            sql`(${r.id}::integer, ${r.name}::text, ${r.phone}::text, ${r.role}::text, ${r.jurisdictionCode}::text, ${r.departmentId}::integer, ${r.username}::text, ${r.passwordHash}::text)`,
        ),
      );
      await sql`
        UPDATE people AS p SET
          name = v.name,
          phone = v.phone,
          role = v.role,
          jurisdiction_code = v.jurisdiction_code,
          department_id = v.department_id,
          username = COALESCE(v.username, p.username),
          password_hash = COALESCE(v.password_hash, p.password_hash)
        FROM (VALUES ${values}) AS v(id, name, phone, role, jurisdiction_code, department_id, username, password_hash)
        WHERE p.id = v.id`.execute(this.db);
    }
  }

  /** Existing bindings in these jurisdictions, as "code|person|duty" keys. */
  async bindingKeys(jurisdictionCodes: readonly string[]): Promise<Set<string>> {
    const keys = new Set<string>();
    for (const part of chunks(jurisdictionCodes, LOOKUP_CHUNK)) {
      const rows = await this.db
        .selectFrom('responsibility_bindings')
        .select(['jurisdiction_code', 'person_id', 'duty'])
        .where('jurisdiction_code', 'in', part)
        .execute();
      for (const row of rows) keys.add(`${row.jurisdiction_code}|${row.person_id}|${row.duty}`);
    }
    return keys;
  }

  /** Adds bindings, ignoring any that already exist; returns how many were added. */
  async insertBindings(rows: readonly { jurisdictionCode: string; personId: number; duty: string }[]): Promise<number> {
    let inserted = 0;
    for (const part of chunks(rows, BATCH)) {
      const result = await this.db
        .insertInto('responsibility_bindings')
        .values(part.map((r) => ({ jurisdiction_code: r.jurisdictionCode, person_id: r.personId, duty: r.duty })))
        .onConflict((oc) => oc.columns(['jurisdiction_code', 'person_id', 'duty']).doNothing())
        .returning('id')
        .execute();
      inserted += result.length;
    }
    return inserted;
  }
}
