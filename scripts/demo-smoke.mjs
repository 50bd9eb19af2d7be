// CI's check of the README's first command: runs `npm run demo` headless as a newcomer would, waits for the URL it
// prints to answer, checks the demo cluster's kubeconfig with kubectl, opens the URL in Chromium and waits until
// the extension, connected to the demo cluster, lists its workflows; then stops the demo as Ctrl+C would and checks
// that nothing it started is left running. Exit code 0 when all of that held; each failure says which step.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const kubeconfig = path.join(root, '.demo', 'kubeconfig');
const port = Number(process.env.PORT ?? 18080);
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });

let log = '';
const fail = (step, why) => {
  console.error(`demo-smoke: FAILED at "${step}": ${why}`);
  console.error('--- npm run demo printed ---\n' + log.slice(-6000));
  stop().finally(() => process.exit(1));
};
const say = (s) => console.log(`demo-smoke: ${s}`);

const demo = spawn('npm', ['run', 'demo'], {
  cwd: root,
  env: { ...process.env, PORT: String(port) },
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
});
demo.stdout.on('data', (d) => (log += d));
demo.stderr.on('data', (d) => (log += d));
let exited = false;
const exitedP = new Promise((r) => demo.once('exit', (code, sig) => ((exited = true), r({ code, sig }))));

async function stop() {
  if (exited) return;
  try {
    process.kill(-demo.pid, 'SIGINT'); // what Ctrl+C in the terminal sends: the whole foreground group
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-demo.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 15000);
  await exitedP;
  clearTimeout(t);
}

function waitFor(step, pred, ms) {
  return new Promise((resolve) => {
    const deadline = Date.now() + ms;
    const tick = () => {
      const v = pred();
      if (v) return resolve(v);
      if (exited) return fail(step, `npm run demo exited early`);
      if (Date.now() > deadline) return fail(step, `not within ${ms / 1000} s`);
      setTimeout(tick, 250); // polling the demo's output, which has no event of its own for "URL printed"
    };
    tick();
  });
}

/** Processes whose command line or working directory is inside this checkout (ours excluded). */
function ourProcesses() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cmd && (cmd.includes(root) || cwd === root || cwd.startsWith(root + '/')))
        found.push(`${pid} ${cmd.slice(0, 160)}`);
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

const before = new Set(ourProcesses().map((l) => l.split(' ')[0]));
const url = await waitFor(
  'npm run demo prints the VS Code URL',
  () => /https?:\/\/127\.0\.0\.1:\d+\/\?\S+/.exec(log)?.[0],
  15 * 60 * 1000,
);
say(`printed ${url.slice(0, 60)}…`);
const res = await fetch(url).catch((e) => fail('the URL answers', String(e)));
if (!res.ok) fail('the URL answers', `HTTP ${res.status}`);
say(`URL answers HTTP ${res.status}`);

const kubectl = spawnSync(
  'kubectl',
  [
    '--kubeconfig',
    kubeconfig,
    '--cache-dir',
    path.join(root, '.demo', 'kubectl-cache'),
    'get',
    'workflows',
    '-A',
    '-o',
    'name',
  ],
  { encoding: 'utf8', timeout: 30000 },
);
if (kubectl.error) fail('kubectl uses .demo/kubeconfig', `kubectl could not run: ${kubectl.error.message}`);
if (kubectl.status !== 0) fail('kubectl uses .demo/kubeconfig', kubectl.stderr);
if (!/workflow\.argoproj\.io\//.test(kubectl.stdout))
  fail('kubectl lists the demo workflows', kubectl.stdout || '(nothing)');
say(`kubectl lists ${kubectl.stdout.trim().split('\n').length} workflows`);

const { launchBrowser } = await import('../test/rig/browser.mjs');
const browser = await launchBrowser();
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(url);
  await page.locator('.activitybar .action-item a[aria-label^="Argo Workflows"]').click({ timeout: 90000 });
  // The view connects to the current context (the demo's, from .demo/kubeconfig) as it opens: no click.
  await page.locator('.statusbar-item', { hasText: 'argo-doctor-demo' }).waitFor({ timeout: 30000 });
  const tree = page
    .locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Workflows/ }) })
    .locator('.monaco-list-row');
  await tree
    .filter({ hasText: /features-build-[a-z0-9]+/ })
    .first()
    .waitFor({ timeout: 60000 });
  await page.screenshot({ path: path.join(out, 'demo-smoke.png') });
  say(
    `VS Code shows the demo's workflows: ${(await tree.allInnerTexts())
      .slice(0, 3)
      .map((s) => s.split('\n')[0])
      .join(', ')}…`,
  );
} catch (e) {
  fail("VS Code at the URL shows the demo cluster's workflows", e.message.split('\n')[0]);
} finally {
  await browser.close().catch(() => {});
}

await stop();
say('stopped with SIGINT (Ctrl+C)');
const leftover = await waitForNone();
if (leftover.length) {
  console.error(`demo-smoke: FAILED: processes left running after Ctrl+C:\n  ${leftover.join('\n  ')}`);
  for (const l of leftover)
    try {
      process.kill(Number(l.split(' ')[0]), 'SIGKILL');
    } catch {
      /* gone */
    }
  process.exit(1);
}
say('nothing left running; npm run demo works');

async function waitForNone() {
  const deadline = Date.now() + 10000;
  for (;;) {
    const left = ourProcesses().filter((l) => !before.has(l.split(' ')[0]));
    if (!left.length || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 200)); // processes exit asynchronously after their group's SIGINT
  }
}
