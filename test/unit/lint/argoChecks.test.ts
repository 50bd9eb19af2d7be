/**
 * The checks added for the parity table (docs/rules/argo-parity.md), each at its exact range: the manifest is the
 * parity case's own (test/oracle/parity/cases.ts), which Argo v4.0.5 rejects with the error the check mirrors.
 */
import assert from 'node:assert/strict';
import type { Range } from '../../../src/core/lint/types';
import { PARITY } from '../../oracle/parity/cases';
import { ourErrors } from '../../oracle/parity/ours';

const byId = new Map(PARITY.flatMap((a) => a.cases).map((c) => [c.id, c]));

/** The range of `needle` right after `before` (where `before + needle` occurs once) in `text`. */
function rangeOf(text: string, before: string, needle: string): Range {
  const start = text.indexOf(before + needle);
  assert.ok(start >= 0 && text.indexOf(before + needle, start + 1) < 0, `'${before + needle}' must occur once`);
  const pos = (o: number) => {
    const lines = text.slice(0, o).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  };
  return { start: pos(start + before.length), end: pos(start + before.length + needle.length) };
}

/** [case id, text before the reported node, the reported node's text, a pattern of the message]. */
const CHECKS: [id: string, before: string, at: string, message: RegExp][] = [
  ['plugin-one-key', '    ', 'plugin', /exactly one key/],
  ['workflow-template-name-too-long', 'name: ', 'a'.repeat(64), /at most 63/],
  ['argument-value-from-kind', '      ', 'valueFrom', /only allows: default, configMapKeyRef and supplied/],
  ['argument-value-from-default-only', '      ', 'valueFrom', /default needs configMapKeyRef/],
  ['argument-artifact-source', '    - name: ', 'a', /from, artifact location, or key is required/],
  ['argument-artifact-from-and-expression', '            ', 'fromExpression', /either from or fromExpression/],
  ['step-argument-enum-value-required', '            ', 'enum', /value is required/],
  [
    'input-artifact-not-supplied',
    '      - name: ',
    'a',
    /inputs\.artifacts\.a of the entrypoint 'main' was not supplied/,
  ],
  ['template-and-template-ref', '    - - name: a\n        ', 'template', /both template and templateRef/],
  ['template-ref-template-required', '        ', 'templateRef', /templateRef\.template is required/],
  ['init-container-name', '    - ', 'image: alpine:3.20\n', /init container needs a name/],
  ['output-artifact-global-name', 'globalName: ', 'my art', /globalName 'my art' is invalid/],
  ['output-parameter-global-name', 'globalName: ', 'my.p', /globalName 'my.p' is invalid/],
  [
    'container-set-volume-mounts',
    '      - name: b\n        mountPath: ',
    '/w',
    /'\/w' is already mounted by volume 'a'/,
  ],
  ['resource-manifest-from-artifact', '          name: ', 'm', /'m' is not an input artifact/],
  ['dag-no-tasks', '    ', 'dag', /at least one task/],
  ['dag-items-condition-without-items', 'depends: ', 'a.AnySucceeded', /needs a task that loops/],
  ['dag-target-unresolved', '      target: "', '{{workflow.parameters.t}}', /'t' is not in spec\.arguments/],
  ['output-parameter-resource-jq', '        ', 'valueFrom', /jsonPath or jqFilter must be specified/],
  ['output-parameter-value-and-value-from', 'name: p\n        ', 'value', /both value and valueFrom/],
  ['output-parameter-value-from-empty', '        ', 'valueFrom', /needs one of path/],
  ['metric-label', '- key: ', 'my-label', /label 'my-label' is invalid/],
  ['metric-gauge-realtime', 'value: ', '"{{resourcesDuration.cpu}}"', /realtime gauge/],
  ['metric-histogram-value', '        ', 'histogram', /missing histogram\.value/],
  ['input-artifact-hdfs-path-absolute', 'path: ', 'data', /absolute path/],
  ['archive-location-git-repo', '      ', 'git', /git\.repo is required/],
  ['timeout-non-leaf', '    ', 'timeout', /Steps template does not support timeout/],
  ['cron-argument-value-required', '      - name: ', 'p', /a CronWorkflow's runs are submitted by the controller/],
  ['input-artifact-path-non-leaf', '        ', 'path', /only valid in templates that run a pod/],
];

describe('checks added for parity with argo lint, at their exact range', () => {
  for (const [id, before, at, message] of CHECKS) {
    const c = byId.get(id);
    it(`${id}: ${c?.rule ?? '?'}`, () => {
      assert.ok(c, `no parity case '${id}'`);
      const findings = ourErrors(c.manifest).filter((f) => f.ruleId === c.rule);
      const summary = findings.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.message}`).join('\n');
      const expected = rangeOf(c.manifest, before, at);
      const f = findings.find((x) => x.range.start.line === expected.start.line);
      assert.ok(f, `no ${c.rule} finding on line ${expected.start.line}:\n${summary}`);
      assert.deepEqual(f.range, expected, summary);
      assert.match(f.message, message);
    });
  }
});
