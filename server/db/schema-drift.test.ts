/**
 * schema.ts against the live catalogue: a freshly migrated database (PGlite, or PostgreSQL under
 * TEST_DATABASE_URL) is read from information_schema, schema.ts with the TypeScript compiler API,
 * and every table and column is compared — presence both ways, the type (by the mapping below),
 * nullability (`| null` ⇔ nullable), and insert optionality: a NOT NULL column may be left out of
 * an insert (Generated<>, DefaultTimestamp, DefaultJson, a ColumnType whose insert type admits
 * undefined or is never) exactly when the database fills it — a DEFAULT, an identity, a generated
 * column, or a BEFORE INSERT trigger on its table (audit_records' chain).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-context.js';

const SCHEMA_FILE = fileURLToPath(new URL('./schema.ts', import.meta.url));

/**
 * Tables in the database that schema.ts deliberately leaves out, with the reason. Each must exist
 * and must not be declared (a stale entry is reported too).
 */
const NOT_DECLARED: Record<string, string> = {
  // The KPI rollups (migrations/006_analytics.sql): their ~30 counter columns are generated from
  // COUNTER_COLUMNS by server/analytics/rollup-migration.ts (rollup-migration.test.ts keeps the file
  // and the generator equal), maintained by a trigger, and read only by SQL composed from that list.
  kpi_place_day: 'KPI rollup, columns generated from COUNTER_COLUMNS (rollup-migration.ts)',
  kpi_place_type_day: 'KPI rollup, columns generated from COUNTER_COLUMNS (rollup-migration.ts)',
  kpi_town_dim_day: 'KPI rollup, columns generated from COUNTER_COLUMNS (rollup-migration.ts)',
};

/**
 * What each PostgreSQL type (udt_name) may be declared as, in the categories `shapeOf` gives.
 * int8 is a number: database.ts installs a parser for it. numeric has no parser, so pg returns a
 * string. A date column is read with to_char (schema.ts: pg would make a local-midnight Date), so
 * schema.ts declares it string; Date is allowed too.
 */
const TYPE_MAP: Record<string, readonly string[]> = {
  text: ['string'],
  varchar: ['string'],
  bpchar: ['string'],
  citext: ['string'],
  uuid: ['string'],
  int2: ['number'],
  int4: ['number'],
  int8: ['number'],
  float4: ['number'],
  float8: ['number'],
  numeric: ['string'],
  bool: ['boolean'],
  timestamptz: ['date'],
  timestamp: ['date'],
  date: ['string', 'date'],
  json: ['json', 'unknown'],
  jsonb: ['json', 'unknown'],
};

// ---------------------------------------------------------------------------------------------
// schema.ts, read with the compiler API

/** A declared column, reduced to the categories of its select, insert and update types. */
interface Shape {
  select: Set<string>;
  insert: Set<string>;
  update: Set<string>;
  /** Written Generated<…> / GeneratedAlways<…>. */
  generated: boolean;
}

interface DeclaredColumn {
  shape: Shape;
  text: string;
}

interface DeclaredTable {
  iface: string;
  columns: Map<string, DeclaredColumn>;
}

function uniform(...cats: string[]): Shape {
  return { select: new Set(cats), insert: new Set(cats), update: new Set(cats), generated: false };
}

function union(shapes: Shape[]): Shape {
  const out = uniform();
  for (const s of shapes) {
    for (const c of s.select) out.select.add(c);
    for (const c of s.insert) out.insert.add(c);
    for (const c of s.update) out.update.add(c);
    out.generated ||= s.generated;
  }
  return out;
}

function readDeclaredSchema(
  fileName: string,
  text: string,
): { tables: Map<string, DeclaredTable>; problems: string[] } {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const st of sf.statements) {
    if (ts.isTypeAliasDeclaration(st)) aliases.set(st.name.text, st);
    if (ts.isInterfaceDeclaration(st)) interfaces.set(st.name.text, st);
  }
  const problems: string[] = [];

  const refName = (n: ts.EntityName): string => (ts.isIdentifier(n) ? n.text : `${refName(n.left)}.${n.right.text}`);

  function shapeOf(node: ts.TypeNode, env: Map<string, Shape>): Shape {
    if (ts.isParenthesizedTypeNode(node)) return shapeOf(node.type, env);
    if (ts.isUnionTypeNode(node)) return union(node.types.map((t) => shapeOf(t, env)));
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (lit.kind === ts.SyntaxKind.NullKeyword) return uniform('null');
      if (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit)) return uniform('string');
      if (ts.isNumericLiteral(lit) || ts.isPrefixUnaryExpression(lit)) return uniform('number');
      if (lit.kind === ts.SyntaxKind.TrueKeyword || lit.kind === ts.SyntaxKind.FalseKeyword) return uniform('boolean');
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return uniform('string');
      case ts.SyntaxKind.NumberKeyword:
        return uniform('number');
      case ts.SyntaxKind.BigIntKeyword:
        return uniform('bigint');
      case ts.SyntaxKind.BooleanKeyword:
        return uniform('boolean');
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.AnyKeyword:
        return uniform('unknown');
      case ts.SyntaxKind.NeverKeyword:
        return uniform('never');
      case ts.SyntaxKind.UndefinedKeyword:
        return uniform('undefined');
    }
    if (ts.isArrayTypeNode(node) || ts.isTupleTypeNode(node) || ts.isTypeLiteralNode(node)) return uniform('json');
    if (ts.isTypeReferenceNode(node)) {
      const name = refName(node.typeName);
      const args = node.typeArguments ?? [];
      const bound = env.get(name);
      if (bound) return bound;
      if (name === 'Generated' || name === 'GeneratedAlways') {
        const inner = shapeOf(args[0], env);
        const insert = name === 'Generated' ? new Set([...inner.insert, 'undefined']) : new Set(['never']);
        return { ...inner, insert, generated: true };
      }
      if (name === 'ColumnType') {
        // ColumnType<SelectType, InsertType = SelectType, UpdateType = SelectType>
        const select = shapeOf(args[0], env);
        const insert = args[1] ? shapeOf(args[1], env) : select;
        const update = args[2] ? shapeOf(args[2], env) : select;
        return { select: select.select, insert: insert.select, update: update.select, generated: false };
      }
      if (name === 'Date') return uniform('date');
      if (name === 'Record' || name === 'Array' || name === 'ReadonlyArray') return uniform('json');
      const alias = aliases.get(name);
      if (alias) {
        const inner = new Map(env);
        (alias.typeParameters ?? []).forEach((p, i) => {
          const given = args[i] ?? p.default;
          inner.set(p.name.text, given ? shapeOf(given, env) : uniform('unknown'));
        });
        return shapeOf(alias.type, inner);
      }
      if (interfaces.has(name)) return uniform('json');
      return uniform(`unresolved type ${name}`);
    }
    return uniform(`unsupported type syntax ${ts.SyntaxKind[node.kind]}`);
  }

  function membersOf(iface: ts.InterfaceDeclaration): ts.PropertySignature[] {
    const inherited = (iface.heritageClauses ?? []).flatMap((h) =>
      h.types.flatMap((t) => {
        const base = ts.isIdentifier(t.expression) ? interfaces.get(t.expression.text) : undefined;
        if (!base) problems.push(`${iface.name.text} extends ${t.getText(sf)}, which is not an interface in schema.ts`);
        return base ? membersOf(base) : [];
      }),
    );
    return [...inherited, ...iface.members.filter(ts.isPropertySignature)];
  }

  const propName = (p: ts.PropertySignature): string =>
    ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : p.name.getText(sf);

  const tables = new Map<string, DeclaredTable>();
  const schema = interfaces.get('Schema');
  if (!schema) return { tables, problems: ['schema.ts declares no `interface Schema`'] };
  for (const entry of membersOf(schema)) {
    const table = propName(entry);
    const ref = entry.type;
    if (!ref || !ts.isTypeReferenceNode(ref) || !interfaces.has(refName(ref.typeName))) {
      problems.push(`Schema.${table}: ${ref?.getText(sf) ?? '(no type)'} is not an interface of schema.ts`);
      continue;
    }
    const ifaceName = refName(ref.typeName);
    const columns = new Map<string, DeclaredColumn>();
    for (const p of membersOf(interfaces.get(ifaceName)!)) {
      const column = propName(p);
      if (p.questionToken)
        problems.push(
          `${table}.${column}: optional property (${ifaceName}) — Kysely columns are never optional; use Generated<> or | null`,
        );
      if (!p.type) {
        problems.push(`${table}.${column}: no type (${ifaceName})`);
        continue;
      }
      columns.set(column, { shape: shapeOf(p.type, new Map()), text: p.type.getText(sf) });
    }
    tables.set(table, { iface: ifaceName, columns });
  }
  return { tables, problems };
}

// ---------------------------------------------------------------------------------------------
// the live catalogue

interface LiveColumn {
  udt: string;
  dataType: string;
  nullable: boolean;
  default: string | null;
  identity: string | null;
  generatedAlways: boolean;
}

interface LiveCatalogue {
  tables: Map<string, Map<string, LiveColumn>>;
  /** Tables with a BEFORE INSERT trigger (it may fill columns an insert leaves out). */
  insertTriggers: Set<string>;
}

async function readCatalogue(db: Kysely<any>): Promise<LiveCatalogue> {
  const tableRows = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  const columnRows = await sql<{
    table_name: string;
    column_name: string;
    udt_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
    identity_generation: string | null;
    is_generated: string;
  }>`
    select c.table_name, c.column_name, c.udt_name, c.data_type, c.is_nullable, c.column_default,
           c.is_identity, c.identity_generation, c.is_generated
    from information_schema.columns c
    where c.table_schema = current_schema()
    order by c.table_name, c.ordinal_position`.execute(db);
  const triggerRows = await sql<{ table_name: string }>`
    select distinct event_object_table as table_name from information_schema.triggers
    where event_object_schema = current_schema() and event_manipulation = 'INSERT' and action_timing = 'BEFORE'`.execute(
    db,
  );

  const tables = new Map<string, Map<string, LiveColumn>>(tableRows.rows.map((r) => [r.table_name, new Map()]));
  for (const r of columnRows.rows) {
    tables.get(r.table_name)?.set(r.column_name, {
      udt: r.udt_name,
      dataType: r.data_type,
      nullable: r.is_nullable === 'YES',
      default: r.column_default,
      identity: r.is_identity === 'YES' ? (r.identity_generation ?? 'BY DEFAULT') : null,
      generatedAlways: r.is_generated === 'ALWAYS',
    });
  }
  return { tables, insertTriggers: new Set(triggerRows.rows.map((r) => r.table_name)) };
}

// ---------------------------------------------------------------------------------------------
// the comparison

const list = (s: Iterable<string>) => [...s].sort().join(' | ');

function compareColumn(where: string, live: LiveColumn, declared: DeclaredColumn, triggerFills: boolean): string[] {
  const out: string[] = [];
  const { shape } = declared;
  const sqlType = live.dataType === live.udt ? live.udt : `${live.dataType} (${live.udt})`;
  const said = `declared \`${declared.text}\``;

  const odd = [...shape.select, ...shape.insert, ...shape.update].filter(
    (c) => c.startsWith('unresolved') || c.startsWith('unsupported'),
  );
  if (odd.length)
    return [`${where}: cannot read the declared type \`${declared.text}\`: ${[...new Set(odd)].join(', ')}`];

  // type
  const allowed = TYPE_MAP[live.udt];
  const values = [...shape.select].filter((c) => c !== 'null');
  if (!allowed) out.push(`${where}: ${sqlType} has no mapping in this test (TYPE_MAP); ${said}`);
  else if (values.length === 0) out.push(`${where}: ${said} has no value type besides null (column is ${sqlType})`);
  else {
    const wrong = values.filter((c) => !allowed.includes(c));
    if (wrong.length)
      out.push(`${where}: column is ${sqlType} (expects ${allowed.join(' or ')}), ${said} (reads as ${list(values)})`);
  }

  // nullability: `unknown` admits null, so there the insert/update types say whether it is meant
  const typeNullable =
    shape.select.has('null') || (shape.select.has('unknown') && (shape.insert.has('null') || shape.update.has('null')));
  if (live.nullable && !typeNullable) out.push(`${where}: column is nullable, ${said} has no \`| null\``);
  if (!live.nullable && typeNullable) out.push(`${where}: column is NOT NULL, ${said} admits null`);

  // insert optionality ⇔ the database fills the column
  const hasDefault = live.default !== null || live.identity !== null || live.generatedAlways;
  const fills = hasDefault || triggerFills;
  const mayOmit = shape.insert.has('undefined') || shape.insert.has('never');
  const how = live.identity
    ? `identity (${live.identity})`
    : live.generatedAlways
      ? 'generated always'
      : `default ${live.default}`;
  if (shape.generated && !hasDefault)
    out.push(`${where}: ${said} but the column has no default, identity or generation expression`);
  if (!live.nullable && mayOmit && !fills)
    out.push(
      `${where}: ${said} lets an insert leave it out, but the column is NOT NULL with no default, identity or BEFORE INSERT trigger`,
    );
  if (!live.nullable && hasDefault && !mayOmit)
    out.push(
      `${where}: column has ${how}, but ${said} makes every insert give it (Generated<>, DefaultTimestamp or DefaultJson)`,
    );
  if ((live.generatedAlways || live.identity === 'ALWAYS') && !shape.insert.has('never'))
    out.push(`${where}: column is ${how}: an insert may not give it, ${said} should have insert type never`);
  return out;
}

function compareSchema(declared: Map<string, DeclaredTable>, live: LiveCatalogue): string[] {
  const out: string[] = [];
  const names = [...new Set([...declared.keys(), ...live.tables.keys(), ...Object.keys(NOT_DECLARED)])].sort();
  for (const table of names) {
    const d = declared.get(table);
    const l = live.tables.get(table);
    const excluded = NOT_DECLARED[table];
    if (excluded) {
      if (d) out.push(`${table}: declared in schema.ts (${d.iface}) yet listed in NOT_DECLARED — drop the exclusion`);
      if (!l) out.push(`${table}: listed in NOT_DECLARED but not in the database — drop the exclusion`);
      continue;
    }
    if (!d) {
      out.push(
        `${table}: table in the database, not in schema.ts (add it to Schema, or to NOT_DECLARED with a reason)`,
      );
      continue;
    }
    if (!l) {
      out.push(`${table}: declared in schema.ts (${d.iface}), no such table in the database`);
      continue;
    }
    for (const [column, lc] of l) {
      const dc = d.columns.get(column);
      const sqlType = lc.dataType === lc.udt ? lc.udt : `${lc.dataType} (${lc.udt})`;
      if (!dc)
        out.push(
          `${table}.${column}: column in the database (${sqlType}, ${lc.nullable ? 'nullable' : 'NOT NULL'}), not in ${d.iface}`,
        );
      else out.push(...compareColumn(`${table}.${column}`, lc, dc, live.insertTriggers.has(table)));
    }
    for (const column of d.columns.keys()) {
      if (!l.has(column)) out.push(`${table}.${column}: declared in ${d.iface}, no such column in the database`);
    }
  }
  return out;
}

function report(diffs: string[]): string {
  return `schema.ts differs from the migrated database in ${diffs.length} place(s):\n  - ${diffs.join('\n  - ')}`;
}

// ---------------------------------------------------------------------------------------------

describe('schema.ts against the migrated database', () => {
  let database: TestDatabase;
  let declared: ReturnType<typeof readDeclaredSchema>;

  beforeAll(async () => {
    database = await openTestDatabase();
    declared = readDeclaredSchema(SCHEMA_FILE, fs.readFileSync(SCHEMA_FILE, 'utf8'));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('reads every table of schema.ts', () => {
    expect(declared.problems).toEqual([]);
    expect(declared.tables.size).toBeGreaterThan(30);
    expect(declared.tables.get('events')?.columns.get('id')?.shape.generated).toBe(true);
  });

  it('declares every table and column as migrated: names, types, nullability, defaults', async () => {
    const diffs = compareSchema(declared.tables, await readCatalogue(database.db));
    expect(diffs, report(diffs)).toEqual([]);
  });

  it('bites: a column, a table, a nullability and a default changed in the database are reported', async () => {
    const rollback = new Error('rollback');
    let diffs: string[] = [];
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`ALTER TABLE events ADD COLUMN drift_probe text`.execute(trx);
        await sql`CREATE TABLE drift_probe_table (id integer PRIMARY KEY)`.execute(trx);
        await sql`ALTER TABLE event_statuses ALTER COLUMN name_en DROP NOT NULL`.execute(trx);
        await sql`ALTER TABLE events ALTER COLUMN version DROP DEFAULT`.execute(trx);
        diffs = compareSchema(declared.tables, await readCatalogue(trx));
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    // the message a real drift fails with (shown when run with DRIFT_PROBE_PRINT=1)
    if (process.env.DRIFT_PROBE_PRINT) console.log(report(diffs));
    expect(diffs).toEqual([
      'drift_probe_table: table in the database, not in schema.ts (add it to Schema, or to NOT_DECLARED with a reason)',
      'event_statuses.name_en: column is nullable, declared `string` has no `| null`',
      'events.version: declared `Generated<number>` but the column has no default, identity or generation expression',
      'events.version: declared `Generated<number>` lets an insert leave it out, but the column is NOT NULL with no default, identity or BEFORE INSERT trigger',
      'events.drift_probe: column in the database (text, nullable), not in EventsTable',
    ]);
    // rolled back: clean again
    expect(compareSchema(declared.tables, await readCatalogue(database.db))).toEqual([]);
  });
});
