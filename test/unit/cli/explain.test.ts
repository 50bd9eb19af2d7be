import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/run';
import { FAILURES } from '../../support/paths';
import { memoryIO } from '../../support/memoryIO';

describe('argo-doctor explain', () => {
  const bundle = path.join(FAILURES, 'cases', 'c01-oom-main-pandas.json');

  it('prints the diagnosis as JSON with the documented keys', async () => {
    const io = memoryIO(process.cwd());
    assert.equal(await runCli(['explain', '--format', 'json', bundle], io), 0, io.err);
    const d = JSON.parse(io.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(d).sort(), [
      'cause',
      'confidence',
      'docs',
      'evidence',
      'fixes',
      'rootCause',
      'secondaryCauses',
    ]);
    assert.equal(d.rootCause, 'oom-killed-main');
  });

  it('prints text and markdown reports', async () => {
    const text = memoryIO(process.cwd());
    assert.equal(await runCli(['explain', bundle], text), 0);
    assert.match(text.out, /^Why step build-features failed/);
    assert.match(text.out, /Root cause: oom-killed-main/);
    const md = memoryIO(process.cwd());
    assert.equal(await runCli(['explain', '--format=markdown', bundle], md), 0);
    assert.match(md.out, /^# Why step build\\-features failed/);
    assert.match(md.out, /## What to change/);
  });

  it('explains waiting cases, with the one-line "waiting" summary in JSON', async () => {
    const expected: Record<string, [string, RegExp]> = {
      'w01-semaphore-held-step.json': [
        'semaphore-held',
        /^waiting for semaphore ml-team\/gpu-jobs held by 2 workflows$/,
      ],
      'w02-controller-parallelism.json': ['parallelism-limit', /^waiting for a parallelism slot: 10 of 10 running/],
      'w03-mutex-held-workflow.json': [
        'mutex-held',
        /^waiting for mutex data\/warehouse-load held by load-warehouse-5bq7w$/,
      ],
    };
    for (const [file, [id, summary]] of Object.entries(expected)) {
      const io = memoryIO(process.cwd());
      assert.equal(await runCli(['explain', '--format', 'json', path.join(FAILURES, 'cases', file)], io), 0, io.err);
      const d = JSON.parse(io.out) as { rootCause: string; waiting?: string };
      assert.equal(d.rootCause, id, file);
      assert.match(d.waiting ?? '', summary, file);
      const md = memoryIO(process.cwd());
      assert.equal(await runCli(['explain', '--format', 'markdown', path.join(FAILURES, 'cases', file)], md), 0);
      assert.match(md.out, /^# Why .* is waiting\n\n\*\*Now:\*\* waiting/, file);
    }
  });

  it('refuses what is not a bundle, with a clear message and exit 2', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'explain-'));
    writeFileSync(path.join(dir, 'bad.json'), '{"kind": "Workflow"}');
    writeFileSync(path.join(dir, 'broken.json'), '{not json');
    for (const f of ['bad.json', 'broken.json', 'missing.json']) {
      const io = memoryIO(dir);
      assert.equal(await runCli(['explain', f], io), 2);
      assert.match(io.err, /argo-doctor explain: cannot read/);
    }
    const io = memoryIO(dir);
    assert.equal(await runCli(['explain', '--format', 'yaml', 'x.json'], io), 2);
  });
});

describe('explain reports', () => {
  it('lists each fix once in the markdown report', async () => {
    const io = {
      out: '',
      err: '',
      cwd: process.cwd(),
      env: {},
      stdout: (t: string) => void (io.out += t),
      stderr: (t: string) => void (io.err += t),
    };
    assert.equal(
      await runCli(['explain', '--format', 'markdown', path.join(FAILURES, 'cases', 'c01-oom-main-pandas.json')], io),
      0,
    );
    const fixes = io.out
      .split('## What to change')[1]!
      .split('##')[0]!
      .split('\n')
      .filter((l) => l.startsWith('- '));
    assert.equal(new Set(fixes.map((f) => f.toLowerCase())).size, fixes.length, fixes.join('\n'));
  });
});
