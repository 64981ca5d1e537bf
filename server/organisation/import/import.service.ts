/**
 * 组织导入: grids and other jurisdictions from GeoJSON, people and responsibility bindings from
 * CSV or XLSX. Every row is checked against the database and the importer's jurisdiction; if any
 * row fails, nothing is written and the whole report comes back as IMPORT_HAS_ERRORS. A good file
 * is written in one transaction. A dry run checks and reports without writing.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../../db/schema.js';
import type { CurrentUser } from '../../../core/access/current-user.js';
import { validateAreaGeometry, type AreaGeometry } from '../../../core/geo/geometry.js';
import { hashPassword } from '../../auth/password.js';
import { ImportRepository } from './import.repository.js';
import { assertMayImport, buildReport, importHasErrors, type ImportReport, type RowError } from './import-report.js';
import {
  findGridOverlaps,
  referencedCodes,
  validateJurisdictionFeatures,
  type GridShape,
  type RawFeature,
} from './jurisdiction-import.js';
import { mapColumns, type RawTable } from './table-import.js';
import {
  PEOPLE_COLUMNS,
  PEOPLE_REQUIRED_COLUMNS,
  parsePeopleRecords,
  peopleLookups,
  planPeople,
  type ParsedPerson,
  type PeoplePlan,
} from './people-import.js';
import {
  BINDING_COLUMNS,
  BINDING_REQUIRED_COLUMNS,
  bindingLookups,
  parseBindingRecords,
  planBindings,
} from './binding-import.js';

/** The spatial index over the boundaries (server/geo/grid-index.ts), told when they change. */
export interface BoundaryIndex {
  invalidate(): void;
}

export interface ImportDeps {
  db: Kysely<Schema>;
  gridIndex: BoundaryIndex;
  now: () => Date;
}

export interface ImportOptions {
  dryRun?: boolean;
}

/** Report, or throw IMPORT_HAS_ERRORS when a real import found errors. */
function finish(report: ImportReport): ImportReport {
  if (!report.ok && !report.dryRun) throw importHasErrors(report);
  return report;
}

// ---------------------------------------------------------------------------------------------
// Jurisdictions
// ---------------------------------------------------------------------------------------------

async function checkJurisdictions(db: Kysely<Schema>, user: CurrentUser, features: RawFeature[]) {
  const repo = new ImportRepository(db);
  const existing = await repo.jurisdictionLevels(referencedCodes(features));
  const { errors, plan } = validateJurisdictionFeatures(features, { scopeCode: user.jurisdictionCode, existing });

  const grids = plan.filter((p) => p.level === 'grid' && p.geometry) as ((typeof plan)[number] & {
    geometry: AreaGeometry;
  })[];
  if (grids.length) {
    const villages = [...new Set(grids.map((g) => g.parentCode!))];
    const stored: GridShape[] = [];
    for (const row of await repo.gridsOfVillages(villages)) {
      const checked = validateAreaGeometry(row.boundary);
      if (checked.ok) stored.push({ code: row.code, parentCode: row.parentCode, geometry: checked.geometry });
    }
    const overlapErrors = findGridOverlaps(
      grids.map((g) => ({ row: g.row, code: g.code, parentCode: g.parentCode!, geometry: g.geometry })),
      stored,
    );
    errors.push(...overlapErrors);
  }
  return { errors, plan };
}

export async function importJurisdictions(
  deps: ImportDeps,
  user: CurrentUser,
  features: RawFeature[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  assertMayImport(user);
  const dryRun = options.dryRun === true;
  const counts = (plan: { action: string }[]) => ({
    rows: features.length,
    inserted: plan.filter((p) => p.action === 'insert').length,
    updated: plan.filter((p) => p.action === 'update').length,
    skipped: 0,
  });

  if (dryRun) {
    const { errors, plan } = await checkJurisdictions(deps.db, user, features);
    return buildReport({ dryRun, counts: counts(plan), errors });
  }

  const report = await deps.db.transaction().execute(async (trx) => {
    const repo = new ImportRepository(trx);
    await repo.lockImports();
    const { errors, plan } = await checkJurisdictions(trx, user, features);
    const result = finish(buildReport({ dryRun, counts: counts(plan), errors }));
    const writes = plan.map((p) => ({
      code: p.code,
      parentCode: p.parentCode,
      level: p.level,
      kind: p.kind,
      name: p.name,
      boundary: p.geometry,
      centroid: p.centroid,
      households: p.households,
    }));
    // Parents first: the plan is ordered by level, and inserts of one level go before the next.
    await repo.insertJurisdictions(writes.filter((_, i) => plan[i].action === 'insert'));
    await repo.updateJurisdictions(
      writes.filter((_, i) => plan[i].action === 'update'),
      deps.now(),
    );
    await repo.markBoundariesChanged();
    return result;
  });
  deps.gridIndex.invalidate();
  return report;
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

async function checkPeople(db: Kysely<Schema>, user: CurrentUser, rows: ParsedPerson[]): Promise<PeoplePlan> {
  const repo = new ImportRepository(db);
  const need = peopleLookups(rows);
  const [jurisdictions, departments, byUsername, sameNameAndPlace] = [
    await repo.jurisdictionLevels(need.jurisdictionCodes),
    await repo.departmentsByCode(need.departmentCodes),
    await repo.peopleByUsername(need.usernames),
    await repo.peopleByNameAndPlace(need.names, need.jurisdictionCodes),
  ];
  return planPeople(rows, {
    scopeCode: user.jurisdictionCode,
    importerId: user.id,
    jurisdictions,
    departments,
    byUsername,
    sameNameAndPlace,
  });
}

function peopleCounts(total: number, plan: PeoplePlan['plan']) {
  return {
    rows: total,
    inserted: plan.filter((p) => p.action === 'insert').length,
    updated: plan.filter((p) => p.action === 'update').length,
    skipped: 0,
  };
}

export async function importPeople(
  deps: ImportDeps,
  user: CurrentUser,
  table: RawTable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  assertMayImport(user);
  const dryRun = options.dryRun === true;
  const mapped = mapColumns(table, PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS);
  const parsed = parsePeopleRecords(mapped.records);
  const total = mapped.records.length;

  // Check first without holding the database, so that hashing passwords (slow on purpose) happens
  // outside the transaction and only for a file that passed.
  const first = await checkPeople(deps.db, user, parsed.rows);
  const firstErrors: RowError[] = [...parsed.errors, ...first.errors];
  const firstReport = buildReport({ dryRun, counts: peopleCounts(total, first.plan), errors: firstErrors });
  if (dryRun) return firstReport;
  finish(firstReport);

  // Each login gets its own salt, so hash per row; a few at a time keeps the thread pool busy.
  const rowHashes = new Map<number, string>();
  const toHash = first.plan.filter((p) => p.password !== null);
  for (let i = 0; i < toHash.length; i += 4) {
    await Promise.all(toHash.slice(i, i + 4).map(async (p) => rowHashes.set(p.row, await hashPassword(p.password!))));
  }

  return deps.db.transaction().execute(async (trx) => {
    const repo = new ImportRepository(trx);
    await repo.lockImports();
    // Check again under the lock: the database may have changed while the passwords were hashed.
    const { errors, plan } = await checkPeople(trx, user, parsed.rows);
    const result = finish(buildReport({ dryRun, counts: peopleCounts(total, plan), errors }));
    const writes = [];
    for (const p of plan) {
      // A row that only now creates a login (rare: the database changed meanwhile) is hashed here.
      const passwordHash = p.password === null ? null : (rowHashes.get(p.row) ?? (await hashPassword(p.password)));
      writes.push({
        id: p.personId,
        action: p.action,
        name: p.name,
        phone: p.phone,
        role: p.role,
        jurisdictionCode: p.jurisdictionCode,
        departmentId: p.departmentId,
        username: p.username,
        passwordHash,
      });
    }
    await repo.insertPeople(writes.filter((w) => w.action === 'insert'));
    await repo.updatePeople(writes.filter((w) => w.action === 'update').map((w) => ({ ...w, id: w.id! })));
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Bindings
// ---------------------------------------------------------------------------------------------

export async function importBindings(
  deps: ImportDeps,
  user: CurrentUser,
  table: RawTable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  assertMayImport(user);
  const dryRun = options.dryRun === true;
  const mapped = mapColumns(table, BINDING_COLUMNS, BINDING_REQUIRED_COLUMNS);
  const parsed = parseBindingRecords(mapped.records);
  const total = mapped.records.length;

  const check = async (db: Kysely<Schema>) => {
    const repo = new ImportRepository(db);
    const need = bindingLookups(parsed.rows);
    const { errors, plan } = planBindings(parsed.rows, {
      scopeCode: user.jurisdictionCode,
      jurisdictions: await repo.jurisdictionLevels(need.jurisdictionCodes),
      byUsername: await repo.peopleByUsername(need.usernames),
      byPhone: await repo.peopleByPhone(need.phones),
      existing: await repo.bindingKeys(need.jurisdictionCodes),
    });
    return { errors: [...parsed.errors, ...errors], plan };
  };
  const counts = (inserted: number, skipped: number) => ({ rows: total, inserted, updated: 0, skipped });

  if (dryRun) {
    const { errors, plan } = await check(deps.db);
    const toAdd = plan.filter((p) => !p.skip).length;
    return buildReport({ dryRun, counts: counts(toAdd, plan.length - toAdd), errors });
  }

  return deps.db.transaction().execute(async (trx) => {
    const repo = new ImportRepository(trx);
    await repo.lockImports();
    const { errors, plan } = await check(trx);
    const toAdd = plan.filter((p) => !p.skip);
    finish(buildReport({ dryRun, counts: counts(toAdd.length, plan.length - toAdd.length), errors }));
    const inserted = await repo.insertBindings(toAdd);
    return buildReport({ dryRun, counts: counts(inserted, plan.length - inserted), errors });
  });
}
