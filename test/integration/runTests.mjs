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
  entryPoints,
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
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
// ARGO_DOCTOR_CLUSTER=real: the target tests (target.test.ts) run against the real cluster, started here with the
// same command a user runs; its kubeconfig reaches the extension host as ARGO_DOCTOR_TARGET_KUBECONFIG.
const real =
  process.env.ARGO_DOCTOR_CLUSTER === 'real' ? await startRealCluster(path.join(kubeDir, 'real-cluster')) : undefined;
if (real) process.env.ARGO_DOCTOR_TARGET_KUBECONFIG = real.kubeconfig;
try {
  const code = await runTests({
    ...(desktop
      ? { version: process.env.ARGO_DOCTOR_VSCODE_VERSION ?? 'stable' }
      : { vscodeExecutablePath: path.join(here, 'launcher.mjs') }),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(outDir, 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: {
      KUBECONFIG: kubeconfig,
      ...(real ? { ARGO_DOCTOR_CLUSTER: 'real', ARGO_DOCTOR_TARGET_KUBECONFIG: real.kubeconfig } : {}),
    },
  });
  await real?.stop();
  process.exit(code);
} catch (e) {
  console.error(`integration tests failed: ${e instanceof Error ? e.message : e}`);
  await real?.stop();
  process.exit(1);
}

/** Runs `npm run real-cluster` (as a user would) until it prints `ready`; stop() ends it with Ctrl+C. */
async function startRealCluster(kubeconfigFile) {
  const { spawn } = await import('node:child_process');
  const p = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test', 'real-cluster', 'main.ts'), '--kubeconfig', kubeconfigFile],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((r) => p.once('exit', r));
  await new Promise((resolve, reject) => {
    let out = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
      if (/^ready$/m.test(out)) resolve();
    });
    p.once('exit', (code) => reject(new Error(`the real cluster stopped before it was ready (exit code ${code})`)));
  });
  return {
    kubeconfig: kubeconfigFile,
    async stop() {
      p.kill('SIGINT');
      await exited;
    },
  };
}
