// The layout rules of docs/code-layout.md that a reader cannot check at a glance: no import circle among the product's
// modules (type-only imports included), no product file over 400 lines, no function over 60.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const PRODUCT_DIRS = ['api', 'provider', 'emulator', 'adopt', 'preview-summary', 'scripts', 'bench'];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(path.join(ROOT, candidate)));
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .flatMap((specifier) => resolveRelative(file, specifier) ?? []);
}

/** Every circle in the graph, each as the files along it, found by a depth-first walk. */
export function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): void => {
    const at = onPath.indexOf(file);
    if (at >= 0) {
      circles.push([...onPath.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    onPath.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return circles;
}

function longFunctions(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > MAX_FUNCTION_LINES) found.push(`${file}:${start + 1} (${end - start + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('code layout', () => {
  const files = PRODUCT_DIRS.flatMap(sourceFiles);

  it('reads the product modules and their imports', () => {
    assert.ok(files.includes(path.join('provider', 'client.ts')), 'provider/client.ts is among the files');
    assert.ok(importsOf(path.join('provider', 'client.ts')).includes(path.join('provider', 'retry.ts')), 'an import is resolved');
  });

  it('finds a circle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(circlesOf(graph), [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    assert.deepEqual(circlesOf(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), []);
  });

  it('has no import circle, type-only imports included', () => {
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    assert.deepEqual(circlesOf(graph).map((circle) => circle.join(' -> ')), []);
  });

  it(`keeps every product file within ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((file) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length - 1 > MAX_FILE_LINES);
    assert.deepEqual(long, []);
  });

  it(`keeps every product function within ${MAX_FUNCTION_LINES} lines`, () => {
    assert.deepEqual(files.flatMap(longFunctions), []);
  });
});
