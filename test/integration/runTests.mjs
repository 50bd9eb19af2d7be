// `npm run test:integration`: bundles the integration tests and runs them inside the real extension host through
// @vscode/test-electron's runTests. Here (no desktop VS Code download possible) the executable is a launcher that
// runs them in code-server; set ARGO_DOCTOR_VSCODE=desktop where desktop VS Code can be downloaded
// (ARGO_DOCTOR_VSCODE_VERSION picks the version, default 'stable').
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, 'out', 'integration');
rmSync(outDir, { recursive: true, force: true });
const here = path.join(root, 'test', 'integration');
const entryPoints = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts') || f === 'index.ts')
  .map((f) => path.join(here, f));
await esbuild.build({
  entryPoints, outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
  external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
});

const desktop = process.env.ARGO_DOCTOR_VSCODE === 'desktop';
// The tests own this kubeconfig; the user's ~/.kube/config is never touched.
const { mkdtempSync, writeFileSync } = await import('node:fs');
const os = await import('node:os');
const kubeDir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-it-kube-'));
const kubeconfig = path.join(kubeDir, 'config');
writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
process.env.KUBECONFIG = kubeconfig;
const workspace = path.join(root, 'test', 'fixtures', 'workspace');
try {
  const code = await runTests({
    ...(desktop
      ? { version: process.env.ARGO_DOCTOR_VSCODE_VERSION ?? 'stable' }
      : { vscodeExecutablePath: path.join(here, 'launcher.mjs') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(outDir, 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { KUBECONFIG: kubeconfig },
  });
  process.exit(code);
} catch (e) {
  console.error(`integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
