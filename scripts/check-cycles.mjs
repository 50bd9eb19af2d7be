// Fails when source files import each other in a cycle. Uses esbuild's metafile, so it sees exactly what the
// bundles see.
import * as esbuild from 'esbuild';

const entryPoints = ['src/extension.ts', 'src/cli/main.ts', 'webview/main.ts'];
const result = await esbuild.build({
  entryPoints,
  bundle: true,
  write: false,
  metafile: true,
  platform: 'node',
  format: 'esm',
  outdir: 'out-cycles',
  external: ['vscode'],
  packages: 'external',
  logLevel: 'silent',
});
const graph = new Map();
for (const [file, info] of Object.entries(result.metafile.inputs)) {
  graph.set(
    file,
    info.imports.map((i) => i.path).filter((p) => !p.includes('node_modules') && graph !== undefined),
  );
}
const cycles = [];
const state = new Map(); // 1 visiting, 2 done
const stack = [];
function visit(node) {
  state.set(node, 1);
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 2);
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);
if (cycles.length > 0) {
  console.error(`import cycles (${cycles.length}):\n  ${cycles.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-cycles: no import cycles among ${graph.size} files`);
