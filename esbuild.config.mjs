// Builds the bundles: the extension host code, the CLI, the step panel's webview and the workflow panel's.
//   node esbuild.config.mjs              development build (sourcemaps, not minified)
//   node esbuild.config.mjs --production minified, no sourcemaps
//   node esbuild.config.mjs --watch      rebuild on change
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  define: { __ARGO_DOCTOR_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
};

const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // client-node is ESM-only; bundling it into CJS needs import.meta.url to resolve.
  inject: ['./scripts/import-meta-url.js'],
  define: { ...common.define, 'import.meta.url': 'import_meta_url' },
};

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts', workflowPanel: 'webview/workflow/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// The webview's icon font: vsce packs without node_modules, so it ships from dist/.
mkdirSync('dist/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf'])
  copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(
    `esbuild: built ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`,
  );
}
