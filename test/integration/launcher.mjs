#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) on machines where
// desktop VS Code cannot be downloaded: it maps --extensionDevelopmentPath= / --extensionTestsPath= / the folder
// argument onto code-server driven by headless Chromium, and exits with the tests' exit code.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser } from '../rig/browser.mjs';
import { REPO_ROOT, startCodeServer } from '../rig/codeServer.mjs';

const TIMEOUT_MS = Number(process.env.ARGO_DOCTOR_INTEGRATION_TIMEOUT_MS ?? 10 * 60 * 1000);

function parseArgs(argv) {
  const out = { folder: undefined, extensionDevelopmentPath: undefined, extensionTestsPath: undefined };
  for (const arg of argv) {
    const m = /^--(extensionDevelopmentPath|extensionTestsPath)=(.*)$/.exec(arg);
    if (m) out[m[1]] = path.resolve(m[2]);
    else if (!arg.startsWith('-')) out.folder = path.resolve(arg);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) throw new Error('launcher: --extensionTestsPath= is required');
  const resultsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-it-')), 'results.json');
  const server = await startCodeServer({ env: { ARGO_DOCTOR_TEST_RESULTS: resultsFile } });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c)));
    });
    const url = server.workbenchUrl({
      folder: args.folder,
      extensionDevelopmentPath: args.extensionDevelopmentPath,
      extensionTestsPath: args.extensionTestsPath,
    });
    await page.goto(url);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS);
    });
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    const shots = path.join(REPO_ROOT, 'test-results');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'integration-final.png') }).catch(() => {});
    if (result === 'timeout') {
      console.error(`launcher: the tests did not finish within ${TIMEOUT_MS} ms`);
    } else {
      code = result;
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  if (existsSync(resultsFile)) {
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    for (const t of results.tests) {
      console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘'} ${t.title}`);
      if (t.error) console.log(`      ${t.error.replace(/\n/g, '\n      ')}`);
    }
    console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
    if (process.env.ARGO_DOCTOR_COUNTS) {
      writeFileSync(
        process.env.ARGO_DOCTOR_COUNTS,
        JSON.stringify({ passed: results.passed, failed: results.failed, pending: results.pending }),
      );
    }
    if (results.passed + results.failed === 0) {
      console.error('integration: no test ran');
      code = code || 1;
    }
  } else {
    console.error('integration: the test runner wrote no results (the extension host did not run the tests)');
    code = code || 1;
  }
  process.exit(code);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
