/**
 * The areas of the server depend on each other in one direction. Every import of every non-test
 * file under server/ is read with the TypeScript compiler (static imports, re-exports, `import()`,
 * type-only imports too: a type is a dependency on the area that owns it); files are grouped by
 * area, the first folder under server/; the test fails on any cycle between areas, naming it and
 * the imports that make it. An area that must react to another's change subscribes to a domain
 * event (server/domain-events/) instead of importing it.
 *
 * The files directly in server/ are the composition root (app.ts, runtime.ts, the domain-event
 * wiring) and the contracts every area is handed (config.ts, app-deps.ts): they belong to no area.
 * So that the root cannot carry a cycle around the rule, an area imports from it only those
 * contracts (the test helpers in testing/ also build the app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SERVER = path.dirname(fileURLToPath(import.meta.url));
/** What an area may import from the root: the contracts it is handed. */
const ROOT_CONTRACTS = new Set(['config.ts', 'app-deps.ts']);
/** Areas that may import the whole root: the test helpers start apps. */
const MAY_BUILD_APPS = new Set(['testing']);

type Graph = Map<string, Map<string, string[]>>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

/** Every module a file names: imports, re-exports, `import()` and `import x = require()`. */
export function importedSpecifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative specifier names (`./x.js` is `./x.ts`), or null outside server/ or unresolved. */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    `${base}.ts`,
    path.join(base, 'index.ts'),
  ];
  const file = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  return file && file.startsWith(SERVER + path.sep) ? file : null;
}

/** The area of a file (its first folder under server/), or null for the root. */
function areaOf(file: string): string | null {
  const parts = path.relative(SERVER, file).split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

function readServer() {
  const areas: Graph = new Map();
  const rootImports: string[] = [];
  for (const file of sourceFiles(SERVER)) {
    const from = areaOf(file);
    if (from === null) continue;
    if (!areas.has(from)) areas.set(from, new Map());
    for (const specifier of importedSpecifiers(file, fs.readFileSync(file, 'utf8'))) {
      const target = resolve(file, specifier);
      if (!target) continue;
      const to = areaOf(target);
      const line = `${path.relative(SERVER, file)} → ${specifier}`;
      if (to === null) {
        if (!ROOT_CONTRACTS.has(path.basename(target)) && !MAY_BUILD_APPS.has(from)) rootImports.push(line);
      } else if (to !== from) {
        const edges = areas.get(from)!;
        edges.set(to, [...(edges.get(to) ?? []), line]);
      }
    }
  }
  return { areas, rootImports };
}

/** The graph's strongly connected components of more than one node (Tarjan), each sorted. */
export function cyclicGroups(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return groups;
}

/** One cycle through `start` inside its group: start → … → start (a shortest one, by breadth-first search). */
export function cycleThrough(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>, group: string[], start: string) {
  const members = new Set(group);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next) && next !== start) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

function describeCycles(graph: Graph): string[] {
  return cyclicGroups(graph).map((group) => {
    const cycle = cycleThrough(graph, group, group[0]);
    const imports = cycle
      .slice(0, -1)
      .flatMap((area, i) => (graph.get(area)?.get(cycle[i + 1]) ?? []).map((line) => `    ${line}`));
    return [`areas ${group.join(', ')} import each other: ${cycle.join(' → ')}`, ...imports].join('\n');
  });
}

describe('the server’s areas', () => {
  const { areas, rootImports } = readServer();

  it('import each other in one direction: no cycle between areas', () => {
    expect(describeCycles(areas).join('\n')).toBe('');
  });

  it('reach the composition root only for the contracts they are handed (config.ts, app-deps.ts)', () => {
    expect(rootImports).toEqual([]);
  });

  it('leave the event lifecycle knowing nothing of follow-ups and mediation: they hear of it through domain events', () => {
    const events = areas.get('events')!;
    expect([...(events.get('followups') ?? []), ...(events.get('mediation') ?? [])]).toEqual([]);
    expect(events.get('domain-events')?.length).toBeGreaterThan(0);
  });

  it('are read from real imports (the graph is not empty)', () => {
    expect(areas.get('events')?.get('deadlines')?.length).toBeGreaterThan(0);
    expect(areas.get('followups')?.get('events')?.length).toBeGreaterThan(0);
  });
});

describe('finding a cycle', () => {
  const graph = (edges: Record<string, string[]>) =>
    new Map(Object.entries(edges).map(([from, tos]) => [from, new Map(tos.map((to) => [to, [`${from}→${to}`]]))]));

  it('names each group of areas that import each other, and one cycle through it', () => {
    const g = graph({ a: ['b'], b: ['c'], c: ['a', 'd'], d: [], e: ['f'], f: ['e'] });
    expect(cyclicGroups(g)).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f'],
    ]);
    expect(cycleThrough(g, ['a', 'b', 'c'], 'a')).toEqual(['a', 'b', 'c', 'a']);
    expect(describeCycles(g)).toEqual([
      'areas a, b, c import each other: a → b → c → a\n    a→b\n    b→c\n    c→a',
      'areas e, f import each other: e → f → e\n    e→f\n    f→e',
    ]);
  });

  it('finds none in a graph that only goes down', () => {
    expect(cyclicGroups(graph({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('reads every kind of import', () => {
    const text = [
      "import a from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "const e = await import('./e.js');",
      "import f = require('./f.js');",
      "const g = 'not an import';",
    ].join('\n');
    expect(importedSpecifiers('x.ts', text)).toEqual(['./a.js', '../b/b.js', './c.js', './d.js', './e.js', './f.js']);
  });
});
