import assert from 'node:assert/strict';
import { lintText } from '../../../src/core/lint/lint';
import type { LintFinding } from '../../../src/core/lint/types';

const wf = (templates: string, extraSpec = '') => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: t-
spec:
  entrypoint: main
${extraSpec}  templates:
${templates}`;

function only(findings: LintFinding[], rule: string): LintFinding[] {
  return findings.filter((f) => f.ruleId === rule);
}

describe('lint rules', () => {
  it('undefined-template: reports the exact range and offers the closest name', () => {
    const text = wf(`  - name: main
    steps:
    - - name: a
        template: whalsay
  - name: whalesay
    container:
      image: alpine:3.20
`);
    const [f, ...rest] = only(lintText(text), 'undefined-template');
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.match(f.message, /did you mean 'whalesay'/);
    assert.deepEqual(f.range, { start: { line: 10, character: 18 }, end: { line: 10, character: 25 } });
    assert.equal(f.fixes?.[0]?.edits[0]?.newText, 'whalesay');
    assert.equal(f.docUrl, 'docs/rules/undefined-template.md');
  });

  it('unknown-field: catches a typo with a did-you-mean rename', () => {
    const text = wf(`  - name: main
    container:
      image: alpine:3.20
      comand: [echo]
`);
    const [f] = only(lintText(text), 'unknown-field');
    assert.ok(f);
    assert.match(f.message, /unknown field ".*comand": did you mean 'command'/);
    assert.equal(f.range.start.line, 10);
    assert.equal(f.fixes?.[0]?.edits[0]?.newText, 'command');
  });

  it('reports every problem at once, across documents, and goes on after a syntax error', () => {
    const bad = wf(`  - name: main
    steps:
    - - name: a
        template: nope
    - - name: b
        template: nope2
`);
    const text = `${bad}---\nkind: [unclosed\n---\n${bad.replace('generateName: t-', 'generateName: u-')}`;
    const findings = lintText(text);
    assert.equal(only(findings, 'undefined-template').length, 4);
    assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax' && f.severity === 'error'));
  });

  it('leaves non-Argo documents alone', () => {
    assert.deepEqual(lintText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  tempate: 1\n'), []);
  });

  it('unresolved-variable: steps may only read earlier step groups', () => {
    const text = wf(`  - name: main
    steps:
    - - name: a
        template: echo
        arguments:
          parameters: [{name: msg, value: "{{steps.b.outputs.result}}"}]
    - - name: b
        template: echo
        arguments:
          parameters: [{name: msg, value: "{{steps.a.outputs.result}}"}]
  - name: echo
    inputs:
      parameters: [{name: msg}]
    container:
      image: alpine:3.20
      args: ["{{inputs.parameters.msg}}", "{{inputs.parameters.nope}}"]
`);
    const found = only(lintText(text), 'unresolved-variable').map((f) => f.message);
    assert.equal(found.length, 2, found.join('\n'));
    assert.ok(found.some((m) => m.includes('{{steps.b.outputs.result}}')));
    assert.ok(found.some((m) => m.includes('{{inputs.parameters.nope}}')));
  });

  it('dag rules: unknown dependency, cycle and invalid depends', () => {
    const text = wf(`  - name: main
    dag:
      tasks:
      - {name: a, template: echo, depends: "b && c"}
      - {name: b, template: echo, depends: "a"}
      - {name: c, template: echo, depends: "x.Succeded"}
  - name: echo
    container: {image: alpine:3.20}
`);
    const findings = lintText(text);
    assert.equal(only(findings, 'dag-cycle').length, 1);
    assert.match(only(findings, 'dag-dependencies')[0]!.message, /Succeded' is not a task result/);
  });

  it('cron-schedule: malformed schedules and unknown time zones', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ["0 2 * *", "61 * * * *"]
  timezone: Mars/Olympus
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: alpine:3.20}
`;
    const findings = only(lintText(text), 'cron-schedule');
    assert.equal(findings.length, 3, findings.map((f) => f.message).join('\n'));
  });

  it('steps-list-of-lists: offers to wrap a bare step', () => {
    const text = wf(`  - name: main
    steps:
    - name: a
      template: main2
  - name: main2
    container: {image: alpine:3.20}
`);
    const [f] = only(lintText(text), 'steps-list-of-lists');
    assert.ok(f?.fixes?.[0]);
    assert.equal(f.fixes[0].edits[0]!.newText, '- ');
  });

  it("reserved-container-name: a script named 'wait' is reported at its name", () => {
    const text = wf(`  - name: main
    script: {name: wait, image: alpine:3.20, source: echo}
`);
    const [f, ...rest] = only(lintText(text), 'reserved-container-name');
    assert.equal(rest.length, 0);
    assert.deepEqual(f?.range, { start: { line: 8, character: 19 }, end: { line: 8, character: 23 } });
  });

  it('rule severity settings: off disables, a level overrides', () => {
    const text = wf(`  - name: main
    container: {image: alpine:3.20, comand: [x]}
`);
    assert.equal(only(lintText(text, { ruleSeverity: { 'unknown-field': 'off' } }), 'unknown-field').length, 0);
    assert.equal(
      only(lintText(text, { ruleSeverity: { 'unknown-field': 'warning' } }), 'unknown-field')[0]?.severity,
      'warning',
    );
  });
});

describe('lint warnings nobody else gives', () => {
  const warningsOf = (text: string, rule: string) => lintText(text).filter((f) => f.ruleId === rule);

  it('image-latest-tag: :latest and untagged images, not pinned ones', () => {
    const text = wf(`  - name: main
    steps: [[{name: a, template: a}, {name: b, template: b}, {name: c, template: c}]]
  - {name: a, container: {image: "python:latest"}}
  - {name: b, container: {image: "registry.io:5000/team/python"}}
  - {name: c, container: {image: "python:3.12.4"}}
`);
    const found = warningsOf(text, 'image-latest-tag');
    assert.equal(found.length, 2);
    assert.ok(found.every((f) => f.severity === 'warning'));
  });

  it('name-instead-of-generate-name: offers generateName', () => {
    const text = wf(`  - {name: main, container: {image: "a:1"}}
`).replace('generateName: t-', 'name: nightly-etl');
    const [f] = warningsOf(text, 'name-instead-of-generate-name');
    assert.equal(f?.fixes?.[0]?.edits[0]?.newText, 'generateName: nightly-etl-');
  });

  it('missing-resources: offers a resources skeleton; templateDefaults count', () => {
    const text = wf(`  - name: main
    container:
      image: "a:1"
`);
    const [f] = warningsOf(text, 'missing-resources');
    assert.match(f!.fixes![0]!.edits[0]!.newText, /resources:\n\s+requests: \{memory: 512Mi, cpu: 500m\}/);
    const withDefaults = wf(
      `  - name: main
    container:
      image: "a:1"
`,
      `  templateDefaults:\n    container:\n      resources: {requests: {memory: 1Gi, cpu: 1}, limits: {memory: 1Gi}}\n`,
    );
    assert.equal(warningsOf(withDefaults, 'missing-resources').length, 0);
  });

  it('fan-out-without-parallelism and retry-without-limit', () => {
    const items = Array.from({ length: 30 }, (_, i) => i).join(', ');
    const text = wf(`  - name: main
    steps: [[{name: a, template: b, withItems: [${items}]}]]
  - name: b
    retryStrategy: {retryPolicy: Always}
    container: {image: "a:1"}
`);
    assert.equal(warningsOf(text, 'fan-out-without-parallelism').length, 1);
    assert.equal(warningsOf(text, 'retry-without-limit').length, 1);
    assert.equal(
      warningsOf(
        text.replace('  - name: main\n', '  - name: main\n    parallelism: 5\n'),
        'fan-out-without-parallelism',
      ).length,
      0,
    );
  });

  it('pod-gc-without-archive-logs, argument-not-an-input and expression-syntax', () => {
    const text = wf(
      `  - name: main
    steps:
    - - name: a
        template: b
        when: "{{workflow.name}} == (x"
        arguments: {parameters: [{name: mesage, value: hi}]}
  - name: b
    inputs: {parameters: [{name: message, value: x}]}
    container: {image: "a:1", args: ["{{=sprig.upper(inputs.parameters.message}}"]}
`,
      '  podGC: {strategy: OnPodCompletion}\n',
    );
    assert.equal(warningsOf(text, 'pod-gc-without-archive-logs').length, 1);
    assert.match(warningsOf(text, 'argument-not-an-input')[0]!.message, /did you mean 'message'/);
    assert.equal(warningsOf(text, 'expression-syntax').length, 2);
  });
});

describe('field documentation for hovers', () => {
  it('finds the field under the cursor with its type and description', async () => {
    const { fieldAt } = await import('../../../src/core/lint/fieldInfo');
    const text = wf(`  - name: main
    retryStrategy:
      limit: 3
    container: {image: "a:1"}
`);
    const info = fieldAt(text, { line: 8, character: 6 });
    assert.equal(info?.path, 'Workflow.spec.templates[].retryStrategy');
    assert.equal(info?.type, 'argo.RetryStrategy');
    assert.match(info?.description ?? '', /retry a template/);
    assert.equal(fieldAt(text, { line: 9, character: 7 })?.type, 'intstr');
  });
});

describe('rule documentation', () => {
  it('every rule has its docs page (run scripts/gen-rule-docs.ts after adding one)', async () => {
    const { existsSync } = await import('node:fs');
    const path = await import('node:path');
    const { rules } = await import('../../../src/core/lint/registry');
    const { REPO_ROOT } = await import('../../support/paths');
    const missing = rules
      .map((r) => r.id)
      .filter((id) => !existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`)));
    assert.deepEqual(missing, []);
  });
});
