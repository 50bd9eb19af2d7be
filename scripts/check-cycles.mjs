// Fails when source files import each other in a cycle. Reads the imports from the sources themselves (not from a
// bundle), so type-only imports (`import type`, inline `type` specifiers, `export type … from`) count too: a cycle of
// types still ties the files together and is usually a sign that a shared type wants a file of its own.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirs = ['src', 'webview', 'test', 'scripts', 'bench'];
const skip = new Set(['node_modules', 'fixtures', 'dist', 'out']);
const sourceExt = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const declaration = /\.d\.(ts|mts|cts)$/;

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (skip.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (sourceExt.test(name) && !declaration.test(name)) out.push(full);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found = [];
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The source file a relative specifier names, or undefined (packages, assets, files outside the scanned dirs). */
function resolve(from, spec, files) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  // TypeScript lets `./x.js` name `./x.ts` (and `.mjs` name `.mts`); extensionless specifiers name a file or index.
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${base}.js`, `${base}.mjs`];
  candidates.push(path.join(base, 'index.ts'), path.join(base, 'index.js'));
  return candidates.find((c) => files.has(c));
}

const files = new Set(dirs.flatMap((d) => walk(path.join(root, d), [])));
const graph = new Map();
for (const file of files) {
  const targets = new Set();
  for (const spec of specifiers(file)) {
    const target = resolve(file, spec, files);
    if (target !== undefined && target !== file) targets.add(target);
  }
  graph.set(file, [...targets].sort());
}

// Tarjan's strongly connected components: every file in a component of two or more lies on a cycle. For each
// component, report one shortest cycle through each of its files (deduplicated), so nothing on a cycle goes unnamed.
let index = 0;
const indexOf = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
function strongConnect(v) {
  indexOf.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!indexOf.has(w)) {
      strongConnect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), indexOf.get(w)));
    }
  }
  if (low.get(v) === indexOf.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component);
  }
}
for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) strongConnect(v);

/** A shortest path from `start` back to `start` inside `members` (breadth-first). */
function shortestCycle(start, members) {
  const previous = new Map();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i];
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const cycle = [v];
        while (cycle[0] !== start) cycle.unshift(previous.get(cycle[0]));
        return cycle;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const rel = (f) => path.relative(root, f).split(path.sep).join('/');
const cycles = new Map();
for (const component of components) {
  const members = new Set(component);
  for (const start of [...component].sort()) {
    const cycle = shortestCycle(start, members);
    // Rotate so the alphabetically first file leads: the same cycle found from two of its files is reported once.
    const first = cycle.indexOf([...cycle].sort()[0]);
    const rotated = [...cycle.slice(first), ...cycle.slice(0, first)].map(rel);
    cycles.set(rotated.join(' -> '), [...rotated, rotated[0]].join(' -> '));
  }
}
if (cycles.size > 0) {
  const list = [...cycles.values()].sort();
  console.error(
    `import cycles (${list.length}, in ${components.length} group${components.length === 1 ? '' : 's'}):\n  ${list.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`check-cycles: no import cycles among ${graph.size} files`);
