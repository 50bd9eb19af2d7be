// Entry the extension host loads (extensionTestsPath): runs every bundled *.test.js next to it with mocha and
// writes the results to $ARGO_DOCTOR_TEST_RESULTS, because console output forwarded from a remote extension
// host is mangled.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export function run(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  for (const f of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  const tests: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summary = {
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
      };
      const file = process.env.ARGO_DOCTOR_TEST_RESULTS;
      if (file) writeFileSync(file, JSON.stringify(summary, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (summary.passed === 0) reject(new Error('no integration test ran'));
      else resolve();
    });
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, e: Error) =>
      tests.push({ title: t.fullTitle(), state: 'failed', error: String(e?.stack ?? e).slice(0, 4000) }),
    );
  });
}
