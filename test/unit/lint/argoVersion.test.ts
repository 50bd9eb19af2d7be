import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIO } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/run';
import { fieldTable, parseArgoVersion, versionsWith } from '../../../src/core/lint/argoVersion';
import { applyEdits, convertText } from '../../../src/core/lint/convert';
import { lintText } from '../../../src/core/lint/lint';

const OLD_STYLE = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"   # nightly
  workflowSpec:
    entrypoint: main
    activeDeadlineSeconds: 3600
    ttlStrategy: {secondsAfterCompletion: 600}
    synchronization:
      semaphore:
        configMapKeyRef:
          name: my-config
          key: workflow
    templates:
      - name: main
        synchronization:
          mutex: {name: m}
        container:
          image: alpine:3.20
          resources: {requests: {memory: 64Mi, cpu: 10m}, limits: {memory: 64Mi}}
`;
const NEW_STYLE = OLD_STYLE.replace('schedule: "0 2 * * *"', 'schedules: ["0 2 * * *"]')
  .replace(
    '      semaphore:\n        configMapKeyRef:\n          name: my-config\n          key: workflow\n',
    '      semaphores:\n        - configMapKeyRef:\n            name: my-config\n            key: workflow\n',
  )
  .replace('mutex: {name: m}', 'mutexes: [{name: m}]');

const of = (text: string, v: Parameters<typeof lintText>[1]) =>
  lintText(text, v).map((f) => `${f.severity} ${f.ruleId}: ${f.message}`);

describe('Argo versions', () => {
  it('reads a version from a tag or an image', () => {
    assert.equal(parseArgoVersion('v3.7.2'), '3.7');
    assert.equal(parseArgoVersion('quay.io/argoproj/workflow-controller:v3.6.5'), '3.6');
    assert.equal(parseArgoVersion('4.0'), '4.0');
    assert.equal(parseArgoVersion('quay.io/argoproj/workflow-controller:v4.3.0'), '4.1', 'newer: the newest known');
    assert.equal(parseArgoVersion('quay.io/argoproj/workflow-controller:latest'), undefined);
    assert.equal(parseArgoVersion(undefined), undefined);
  });

  it("knows each version's fields", () => {
    assert.deepEqual(versionsWith('argo.CronWorkflowSpec', 'schedule'), ['3.4', '3.5', '3.6', '3.7']);
    assert.deepEqual(versionsWith('argo.CronWorkflowSpec', 'schedules'), ['3.6', '3.7', '4.0', '4.1']);
    assert.ok(fieldTable('3.5')['argo.Synchronization']?.semaphore);
    assert.equal(fieldTable('4.1')['argo.Synchronization']?.semaphore, undefined);
  });

  it('accepts the singular fields on 3.5, hints on 3.7, and rejects them on 4.x with the rewrite', () => {
    assert.deepEqual(of(OLD_STYLE, { argoVersion: '3.5' }), []);
    const on37 = of(OLD_STYLE, { argoVersion: '3.7' });
    assert.equal(on37.length, 3, on37.join('\n'));
    assert.ok(on37.every((f) => f.startsWith('information deprecated-field')));
    for (const v of ['4.0', '4.1'] as const) {
      const on4 = lintText(OLD_STYLE, { argoVersion: v });
      assert.deepEqual(
        on4.map((f) => `${f.severity} ${f.ruleId}`),
        ['error unknown-field', 'error unknown-field', 'error unknown-field'],
      );
      assert.match(on4[0]!.message, new RegExp(`removed in Argo 4\\.0 \\(this file is checked for Argo ${v}\\)`));
      // Each quick fix alone gives a file Argo 4 takes for that field.
      const fixed = applyEdits(OLD_STYLE, on4[0]!.fixes![0]!.edits);
      assert.match(fixed, /schedules: \["0 2 \* \* \*"\] {3}# nightly/);
    }
  });

  it('rejects a field the version does not have yet, naming the version that brought it', () => {
    const on35 = lintText(NEW_STYLE, { argoVersion: '3.5' }).filter((f) => f.ruleId === 'unknown-field');
    assert.equal(on35.length, 3);
    assert.match(on35[0]!.message, /"CronWorkflow\.spec\.schedules" is not in Argo 3\.5 \(it came in Argo 3\.6\)/);
    assert.deepEqual(of(NEW_STYLE, { argoVersion: '3.7' }), []);
    assert.deepEqual(of(NEW_STYLE, { argoVersion: '4.1' }), []);
  });

  it('converts the removed fields as argo convert does, keeping comments and layout', () => {
    const c = convertText(OLD_STYLE);
    assert.equal(c.text, NEW_STYLE);
    assert.equal(c.changes.length, 3);
    assert.deepEqual(convertText(NEW_STYLE), { text: NEW_STYLE, changes: [] });
  });

  it('takes --argo-version in the CLI and converts files with argo-doctor convert', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-version-'));
    writeFileSync(path.join(dir, 'cron.yaml'), OLD_STYLE);
    const io = (): CliIO & { out: string; err: string } => {
      const o = {
        out: '',
        err: '',
        cwd: dir,
        env: {},
        stdout: (t: string) => void (o.out += t),
        stderr: (t: string) => void (o.err += t),
      };
      return o;
    };
    const on37 = io();
    assert.equal(await runCli(['lint', '--argo-version', '3.7', 'cron.yaml'], on37), 0);
    assert.match(on37.out, /checked against the schema of Argo 3\.7/);
    const on41 = io();
    assert.equal(await runCli(['lint', 'cron.yaml'], on41), 1);
    assert.match(on41.out, /removed in Argo 4\.0.*\n[\s\S]*Argo 4\.1/);
    const bad = io();
    assert.equal(await runCli(['lint', '--argo-version', '2.9', 'cron.yaml'], bad), 2);
    assert.match(bad.err, /unknown Argo version '2\.9'/);
    const conv = io();
    assert.equal(await runCli(['convert', '--write', 'cron.yaml'], conv), 0);
    assert.equal(readFileSync(path.join(dir, 'cron.yaml'), 'utf8'), NEW_STYLE);
    assert.match(conv.err, /Rewrite as 'schedules'/);
  });
});
