// `npm run demo`: builds the extension, starts the simulated Argo cluster (writes .demo/kubeconfig) and opens VS Code
// with the extension loaded and KUBECONFIG pointing at the demo. Desktop `code` when it is on PATH, otherwise
// code-server from the test rig on http://127.0.0.1:PORT (installed on first use). Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const kubeconfig = path.join(root, '.demo', 'kubeconfig');
const port = Number(process.env.PORT ?? 8080);
let noCluster = process.argv.includes('--no-cluster');
// `npm run demo -- --workflows 10000 --nodes 200 [--big-workflow 100000] [--namespace argo]`: the cluster also holds
// that many finished workflows, and one huge one (see `argo-doctor demo-cluster --help`).
const clusterArgs = [];
for (let i = 2; i < process.argv.length; i++) {
  const m = /^--(workflows|nodes|big-workflow|namespace)(=.*)?$/.exec(process.argv[i]);
  if (m) clusterArgs.push(process.argv[i], ...(m[2] || i + 1 >= process.argv.length ? [] : [process.argv[++i]]));
}

function must(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

must('node', ['esbuild.config.mjs']);
mkdirSync(path.dirname(kubeconfig), { recursive: true });
const children = [];
const env = { ...process.env };

if (!noCluster && spawnSync('node', ['dist/cli.js', 'help', 'demo-cluster'], { cwd: root }).status !== 0) {
  console.log('demo: this build has no demo cluster yet; opening VS Code without one');
  noCluster = true;
}
if (!noCluster) {
  const cluster = spawn('node', ['dist/cli.js', 'demo-cluster', '--kubeconfig', kubeconfig, ...clusterArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(cluster);
  await new Promise((resolve, reject) => {
    let out = '';
    cluster.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
      if (/kubeconfig/i.test(out)) resolve();
    });
    cluster.once('exit', (code) => reject(new Error(`the demo cluster exited with code ${code}`)));
  });
  env.KUBECONFIG = kubeconfig;
}

const workspace = path.join(root, 'test', 'fixtures', 'workspace');
const hasCode = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status === 0;
if (hasCode) {
  children.push(
    spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { env, stdio: 'inherit' }),
  );
  console.log('demo: opened desktop VS Code with Argo Doctor loaded');
} else {
  must('bash', ['test/rig/install.sh']);
  const { startCodeServer } = await import('../test/rig/codeServer.mjs');
  const server = await startCodeServer({
    port,
    env,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    baseDir: path.join(root, '.demo', 'code-server'),
  });
  children.push({ kill: () => server.stop() });
  console.log(
    `\ndemo: VS Code (code-server) with Argo Doctor is at\n  ${server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: root })}\n`,
  );
}
console.log('demo: press Ctrl+C to stop');
// Exits once every child has stopped (code-server runs in its own process group and stops with its watcher); never
// later than 15 s, however busy the machine.
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 15_000).unref();
  void Promise.allSettled(children.map((c) => c.kill())).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
