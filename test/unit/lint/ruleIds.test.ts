import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../src/core/lint/lint';
import { rules } from '../../../src/core/lint/registry';
import type { LintOptions, Range } from '../../../src/core/lint/types';
import { REPO_ROOT } from '../../support/paths';

/**
 * One case per rule id: a small manifest that gets exactly one finding, of that rule, at the expected place, and a
 * near miss (the same manifest with one edit) that gets no finding at all. The meta-test at the end fails when a
 * rule of the registry (or a file-level id with a docs page) has no case here.
 */
interface Case {
  rule: string;
  text: string;
  /**
   * Where the finding is: the only occurrence of this text in the manifest, or [before, text] for the text right after
   * `before` where `before + text` occurs once, or a range.
   */
  at: string | [before: string, text: string] | Range;
  /** Other rules that rightly report the same defect too (each is a finding of its own). */
  also?: string[];
  /** The near miss: `text` with `from` replaced by `to` (first occurrence)... */
  near?: [from: string, to: string];
  /** ...and/or linted with these options instead of `options`. */
  nearOptions?: LintOptions;
  options?: LintOptions;
  message?: RegExp;
}

/** Resources for every container, so that a case has no missing-resources warning unless it wants one. */
const DEFAULTS = `  templateDefaults:
    container: {resources: {requests: {memory: 64Mi, cpu: 10m}, limits: {memory: 64Mi}}}
`;

const wf = (templates: string, spec = '') => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: t-
spec:
  entrypoint: main
${DEFAULTS}${spec}  templates:
${templates}`;

const ECHO = `  - name: echo
    container: {image: 'alpine:3.20'}
`;
const ECHO_MSG = `  - name: echo
    inputs: {parameters: [{name: msg}]}
    container: {image: 'alpine:3.20', args: ['{{inputs.parameters.msg}}']}
`;

const DEADLINE_AND_TTL = '    activeDeadlineSeconds: 600\n    ttlStrategy: {secondsAfterCompletion: 600}\n';

const cron = (schedule: string, extra = DEADLINE_AND_TTL) => `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ['${schedule}']
  workflowSpec:
    entrypoint: main
${extra}${DEFAULTS.replace(/^/gm, '  ').trimEnd()}
    templates:
    - name: main
      container: {image: 'alpine:3.20'}
`;

const aliasBomb = (levels: number) => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
};

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const CASES: Case[] = [
  // File-level findings, before any rule runs.
  {
    rule: 'yaml-syntax',
    // An unclosed flow map: the parser notices at the end of the file (line 11, after the last line break).
    text: wf(`  - name: main\n    container: {image: 'alpine:3.20'\n`),
    at: { start: { line: 11, character: 0 }, end: { line: 11, character: 1 } },
    near: [`'alpine:3.20'\n`, `'alpine:3.20'}\n`],
  },
  {
    rule: 'duplicate-key',
    text: wf(`  - name: main\n    container: {image: 'alpine:3.20', image: 'alpine:3.21'}\n`),
    // The first character of the repeated key.
    at: [', ', 'i'],
    near: [`, image: 'alpine:3.21'`, ''],
  },
  {
    rule: 'yaml-alias-limit',
    text: aliasBomb(7),
    // The document's first character.
    at: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    near: [aliasBomb(7), aliasBomb(5)],
  },
  {
    rule: 'file-too-large',
    text: wf(ECHO.replace('echo', 'main')),
    options: { maxBytes: 200 },
    at: FILE_START,
    nearOptions: {},
  },
  {
    rule: 'helm-template',
    text: wf(ECHO.replace('echo', 'main')).replace('generateName: t-', 'generateName: {{ .Values.prefix }}'),
    at: FILE_START,
    near: ['generateName: {{ .Values.prefix }}', 'generateName: t-  # {{ .Values.prefix }}'],
  },

  // Errors: what Argo rejects.
  {
    rule: 'unknown-field',
    text: wf(`  - name: main\n    container: {image: 'alpine:3.20', comand: [echo]}\n`),
    at: 'comand',
    near: ['comand', 'command'],
  },
  {
    rule: 'metadata-name',
    text: wf(ECHO.replace('echo', 'main')).replace('generateName: t-', 'generateName: Nightly_Run-'),
    at: 'Nightly_Run-',
    near: ['Nightly_Run-', 'nightly-run-'],
  },
  {
    rule: 'entrypoint',
    text: wf(ECHO.replace('echo', 'main')).replace('entrypoint: main', 'entrypoint: mian'),
    at: 'mian',
    near: ['mian', 'main'],
    message: /did you mean 'main'/,
  },
  {
    rule: 'template-type',
    text: wf(`  - name: main\n    container: {image: 'alpine:3.20'}\n    suspend: {}\n`),
    at: 'suspend',
    near: ['    suspend: {}\n', ''],
  },
  {
    rule: 'undefined-template',
    text: wf(`  - name: main\n    steps: [[{name: a, template: ecco}]]\n` + ECHO),
    at: 'ecco',
    near: ['ecco', 'echo'],
  },
  {
    rule: 'template-ref',
    text:
      wf(`  - name: main\n    steps: [[{name: a, templateRef: {name: lib, template: ecco}}]]\n`) +
      `---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: lib
spec:
${DEFAULTS}  templates:
${ECHO}`,
    at: 'ecco',
    near: ['ecco', 'echo'],
    message: /template 'ecco' is not defined in WorkflowTemplate 'lib'/,
  },
  {
    rule: 'workflow-template-ref-with-templates',
    text: wf(ECHO.replace('echo', 'main'), '  workflowTemplateRef: {name: lib}\n'),
    at: 'templates',
    near: ['  workflowTemplateRef: {name: lib}\n', ''],
  },
  {
    rule: 'missing-image',
    text: wf(`  - name: main\n    container: {command: [echo]}\n`),
    at: ['- name: main\n    ', 'container'],
    near: ['{command: [echo]}', `{image: 'alpine:3.20', command: [echo]}`],
  },
  {
    rule: 'invalid-name',
    text: wf(`  - name: main\n    steps: [[{name: say.hi, template: echo}]]\n` + ECHO),
    at: 'say.hi',
    near: ['say.hi', 'say-hi'],
  },
  {
    rule: 'steps-list-of-lists',
    text: wf(`  - name: main\n    steps:\n    - {name: a, template: echo}\n` + ECHO),
    at: '{name: a, template: echo}',
    // The schema walk sees a map where a list belongs; this rule says why and offers the fix.
    also: ['unknown-field'],
    near: ['    - {name: a', '    - - {name: a'],
  },
  {
    rule: 'loop-exclusive',
    text: wf(`  - name: main\n    steps: [[{name: a, template: echo, withSequence: {count: '3', end: '5'}}]]\n` + ECHO),
    at: 'end',
    near: [`, end: '5'`, ''],
  },
  {
    rule: 'parallelism-on-leaf',
    text: wf(`  - name: main\n    parallelism: 2\n    container: {image: 'alpine:3.20'}\n`),
    at: 'parallelism',
    near: ['    parallelism: 2\n', ''],
  },
  {
    rule: 'template-timeout',
    text: wf(`  - name: main\n    timeout: "30"\n    container: {image: 'alpine:3.20'}\n`),
    at: '"30"',
    near: ['timeout: "30"', 'timeout: "30s"'],
  },
  {
    rule: 'artifact-path',
    text: wf(`  - name: main
    inputs: {artifacts: [{name: data, raw: {data: hi}}]}
    container: {image: 'alpine:3.20'}
`),
    at: ['{name: ', 'data'],
    near: ['{name: data, raw', '{name: data, path: /tmp/data, raw'],
  },
  {
    rule: 'artifact-location',
    text: wf(`  - name: main
    inputs: {artifacts: [{name: src, path: /src, git: {revision: main}}]}
    container: {image: 'alpine:3.20'}
`),
    at: 'git',
    near: ['{revision: main}', '{repo: "https://github.com/argoproj/argo-workflows.git", revision: main}'],
  },
  {
    rule: 'argument-value-missing',
    text: wf(ECHO.replace('echo', 'main'), '  arguments: {parameters: [{name: day}]}\n'),
    at: 'day',
    near: ['{name: day}', '{name: day, value: monday}'],
  },
  {
    rule: 'input-not-supplied',
    text: wf(`  - name: main\n    steps: [[{name: a, template: echo}]]\n` + ECHO_MSG),
    at: ['{name: ', 'a'],
    near: ['template: echo}', 'template: echo, arguments: {parameters: [{name: msg, value: hi}]}}'],
  },
  {
    rule: 'argument-source',
    text: wf(
      `  - name: main\n    steps: [[{name: a, template: read, arguments: {artifacts: [{name: data}]}}]]
  - name: read
    inputs: {artifacts: [{name: data, path: /tmp/data}]}
    container: {image: 'alpine:3.20'}
`,
    ),
    at: ['arguments: {artifacts: [{name: ', 'data'],
    near: ['{name: data}', '{name: data, raw: {data: hello}}'],
  },
  {
    rule: 'parameter-enum',
    text: wf(
      `  - name: main
    inputs: {parameters: [{name: size, value: huge, enum: [small, large]}]}
    container: {image: 'alpine:3.20', args: ['{{inputs.parameters.size}}']}
`,
    ),
    at: 'huge',
    near: ['huge', 'large'],
  },
  {
    rule: 'dag-dependencies',
    text: wf(
      `  - name: main\n    dag: {tasks: [{name: a, template: echo}, {name: b, template: echo, depends: x}]}\n` + ECHO,
    ),
    at: ['depends: ', 'x'],
    near: ['depends: x', 'depends: a'],
  },
  {
    rule: 'hook-template',
    text: wf(`  - name: main\n    steps: [[{name: a, template: echo, hooks: {exit: {template: bye}}}]]\n` + ECHO),
    at: ['template: ', 'bye'],
    near: ['template: bye', 'template: echo'],
  },
  {
    rule: 'unclosed-variable',
    text: wf(`  - name: main\n    container: {image: 'alpine:3.20', args: ['{{workflow.name}']}\n`),
    at: '{{workflow.name}',
    near: ["{{workflow.name}'", "{{workflow.name}}'"],
  },
  {
    rule: 'depends-syntax',
    text: wf(
      `  - name: main\n    dag: {tasks: [{name: a, template: echo}, {name: b, template: echo, depends: 'a &&'}]}\n` +
        ECHO,
    ),
    at: ['depends: ', "'a &&'"],
    near: ["'a &&'", "'a && a'"],
  },
  {
    rule: 'template-deadline',
    text: wf(`  - name: main\n    activeDeadlineSeconds: -5\n    container: {image: 'alpine:3.20'}\n`),
    at: ['activeDeadlineSeconds: ', '-5'],
    near: ['-5', '300'],
  },
  {
    rule: 'dag-cycle',
    text: wf(
      `  - name: main
    dag:
      tasks:
      - {name: a, template: echo, depends: b}
      - {name: b, template: echo, depends: a}
` + ECHO,
    ),
    // At the first task of the cycle.
    at: ['{name: ', 'a'],
    near: [', depends: b}', '}'],
  },
  {
    rule: 'unresolved-variable',
    text: wf(`  - name: main\n    container: {image: 'alpine:3.20', args: ['{{inputs.parameters.nope}}']}\n`),
    at: '{{inputs.parameters.nope}}',
    near: ['{{inputs.parameters.nope}}', '{{workflow.name}}'],
  },
  {
    rule: 'dag-targets',
    text: wf(`  - name: main\n    dag: {target: z, tasks: [{name: a, template: echo}]}\n` + ECHO),
    at: ['target: ', 'z'],
    near: ['target: z', 'target: a'],
  },
  {
    rule: 'continueon-with-depends',
    text: wf(
      `  - name: main
    dag:
      tasks:
      - {name: a, template: echo, continueOn: {failed: true}}
      - {name: b, template: echo, depends: a}
` + ECHO,
    ),
    at: 'continueOn',
    near: ['depends: a', 'dependencies: [a]'],
  },
  {
    rule: 'resource-template',
    text: wf(`  - name: main\n    resource: {action: launch, manifest: 'apiVersion: v1\n\n        kind: ConfigMap'}\n`),
    at: 'launch',
    near: ['launch', 'create'],
  },
  {
    rule: 'output-value-from',
    text: wf(`  - name: main\n    outputs: {parameters: [{name: out}]}\n    container: {image: 'alpine:3.20'}\n`),
    at: ['{name: ', 'out'],
    near: ['{name: out}', '{name: out, valueFrom: {path: /tmp/out}}'],
  },
  {
    rule: 'container-set',
    text: wf(
      `  - name: main
    containerSet:
      containers:
      - {name: a, image: 'alpine:3.20'}
      - {name: b, image: 'alpine:3.20', dependencies: [c]}
`,
    ),
    at: ['dependencies: [', 'c'],
    near: ['[c]', '[a]'],
  },
  {
    rule: 'reserved-container-name',
    text: wf(
      `  - name: main\n    container: {image: 'alpine:3.20'}\n    sidecars: [{name: wait, image: 'nginx:1.27'}]\n`,
    ),
    at: 'wait',
    near: ['wait', 'proxy'],
  },
  {
    rule: 'volume-mount-collision',
    text: wf(
      `  - name: main
    volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]
    container:
      image: 'alpine:3.20'
      volumeMounts: [{name: a, mountPath: /data}, {name: b, mountPath: /data/}]
`,
    ),
    at: '/data/',
    near: ['/data/', '/cache'],
  },
  {
    rule: 'pod-gc',
    text: wf(
      ECHO.replace('echo', 'main'),
      '  podGC: {strategy: OnPodSuccess, labelSelector: {matchExpressions: [{key: app, operator: Within}]}}\n',
    ),
    at: 'Within',
    near: ['Within', 'Exists'],
  },
  {
    rule: 'pod-resources',
    text: wf(ECHO.replace('echo', 'main'), '  podResources: {requests: {nvidia.com/gpu: 1}}\n'),
    at: 'nvidia.com/gpu',
    near: ['nvidia.com/gpu', 'cpu'],
  },
  {
    rule: 'retry-strategy',
    text: wf(`  - name: main\n    retryStrategy: {limit: -1}\n    container: {image: 'alpine:3.20'}\n`),
    at: '-1',
    near: ['limit: -1', 'limit: 1'],
  },
  {
    rule: 'invalid-metric',
    text: wf(
      `  - name: main
    metrics: {prometheus: [{name: run.count, help: Runs, counter: {value: '1'}}]}
    container: {image: 'alpine:3.20'}
`,
    ),
    at: 'run.count',
    near: ['run.count', 'run_count'],
  },
  {
    rule: 'hook-expression',
    text: wf(ECHO.replace('echo', 'main') + ECHO, '  hooks: {running: {template: echo}}\n'),
    at: 'running',
    near: ['{template: echo}', `{template: echo, expression: workflow.status == "Running"}`],
  },
  {
    rule: 'executor-plugins',
    text: wf(ECHO.replace('echo', 'main'), '  executorPlugins: [{spec: {}}]\n'),
    at: '{spec: {}}',
    near: ['{spec: {}}', '{metadata: {name: hello}, spec: {}}'],
  },
  {
    rule: 'cron-schedule',
    text: cron('61 * * * *'),
    at: "'61 * * * *'",
    near: ['61 * * * *', '1 * * * *'],
  },

  // Warnings and notes: what Argo accepts but will hurt later.
  {
    rule: 'deprecated-field',
    text: cron('0 2 * * *').replace("schedules: ['0 2 * * *']", "schedule: '0 2 * * *'"),
    options: { argoVersion: '3.7' },
    at: ['  ', 'schedule'],
    near: ["schedule: '0 2 * * *'", "schedules: ['0 2 * * *']"],
    message: /deprecated since Argo 3\.6 and removed in 4\.0.*checked for Argo 3\.7/,
  },
  {
    rule: 'argument-not-an-input',
    text: wf(
      `  - name: main\n    steps: [[{name: a, template: echo, arguments: {parameters: [{name: mgs, value: hi}]}}]]
  - name: echo
    inputs: {parameters: [{name: msg, value: default}]}
    container: {image: 'alpine:3.20', args: ['{{inputs.parameters.msg}}']}
`,
    ),
    at: 'mgs',
    near: ['mgs', 'msg'],
    message: /did you mean 'msg'/,
  },
  {
    rule: 'no-deadline-or-ttl',
    text: cron('0 2 * * *', ''),
    at: 'workflowSpec',
    near: [
      '  workflowSpec:\n',
      '  workflowSpec:\n    activeDeadlineSeconds: 600\n    podGC: {strategy: OnPodSuccess}\n',
    ],
  },
  {
    rule: 'expression-syntax',
    text: wf(`  - name: main\n    steps: [[{name: a, template: echo, when: '{{workflow.name}} == (x'}]]\n` + ECHO),
    at: "'{{workflow.name}} == (x'",
    near: ['== (x', '== x'],
  },
  {
    rule: 'fan-out-without-parallelism',
    text: wf(
      `  - name: main\n    steps: [[{name: a, template: echo, withItems: [${Array.from({ length: 21 }, (_, i) => i).join(', ')}]}]]\n` +
        ECHO,
      '  activeDeadlineSeconds: 600\n  ttlStrategy: {secondsAfterCompletion: 600}\n',
    ),
    at: 'withItems',
    near: ['  - name: main\n', '  - name: main\n    parallelism: 5\n'],
  },
  {
    rule: 'name-instead-of-generate-name',
    text: wf(ECHO.replace('echo', 'main')).replace('generateName: t-', 'name: nightly'),
    at: ['metadata:\n  ', 'name'],
    near: ['name: nightly', 'generateName: nightly-'],
  },
  {
    rule: 'image-latest-tag',
    text: wf(`  - name: main\n    container: {image: 'python:latest'}\n`),
    at: "'python:latest'",
    near: ['python:latest', 'python:3.12.4'],
  },
  {
    rule: 'manifest-size',
    text: wf(ECHO.replace('echo', 'main')).replace(
      'generateName: t-',
      `generateName: t-\n  annotations: {note: '${'x'.repeat(800_000)}'}`,
    ),
    at: 'kind',
    near: ['x'.repeat(800_000), 'x'],
  },
  {
    rule: 'missing-resources',
    text: wf(ECHO.replace('echo', 'main')).replace(DEFAULTS, ''),
    at: 'container',
    near: ['  templates:\n', `${DEFAULTS}  templates:\n`],
  },
  {
    rule: 'pod-gc-without-archive-logs',
    text: wf(ECHO.replace('echo', 'main'), '  podGC: {strategy: OnPodCompletion}\n'),
    at: 'OnPodCompletion',
    near: ['  podGC:', '  archiveLogs: true\n  podGC:'],
  },
  {
    rule: 'retry-without-limit',
    text: wf(`  - name: main\n    retryStrategy: {retryPolicy: OnError}\n    container: {image: 'alpine:3.20'}\n`),
    at: 'retryStrategy',
    near: ['{retryPolicy: OnError}', '{retryPolicy: OnError, limit: 3}'],
  },
  {
    rule: 'rwo-volume-parallel',
    text: wf(
      `  - name: main
    steps:
    - - {name: a, template: write}
      - {name: b, template: write}
  - name: write
    container:
      image: 'alpine:3.20'
      volumeMounts: [{name: work, mountPath: /work}]
`,
      `  volumeClaimTemplates:
  - metadata: {name: work}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
    ),
    at: ['{name: ', 'b'],
    near: ['      - {name: b', '    - - {name: b'],
  },
];

/** The range of `at` in `text`. */
function rangeOf(text: string, at: Case['at']): Range {
  if (!Array.isArray(at) && typeof at !== 'string') return at;
  const [before, needle] = typeof at === 'string' ? ['', at] : at;
  const start = text.indexOf(before + needle);
  assert.ok(start >= 0 && text.indexOf(before + needle, start + 1) < 0, `'${before + needle}' must occur once`);
  const offset = start + before.length;
  const pos = (o: number) => {
    const before = text.slice(0, o).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };
  return { start: pos(offset), end: pos(offset + needle.length) };
}

describe('every rule id, on its own', () => {
  for (const c of CASES) {
    describe(c.rule, () => {
      it(`reports exactly this rule${c.also ? ` (and ${c.also.join(', ')})` : ''}, once, at the expected range`, () => {
        const findings = lintText(c.text, c.options);
        const summary = findings.map(
          (f) => `[${f.ruleId}] ${f.range.start.line}:${f.range.start.character} ${f.message}`,
        );
        assert.deepEqual(findings.map((f) => f.ruleId).sort(), [c.rule, ...(c.also ?? [])].sort(), summary.join('\n'));
        const f = findings.find((x) => x.ruleId === c.rule);
        assert.deepEqual(f!.range, rangeOf(c.text, c.at), summary.join('\n'));
        assert.equal(f!.docUrl, `docs/rules/${c.rule}.md`);
        if (c.message) assert.match(f!.message, c.message);
      });

      it('reports nothing on a near miss', () => {
        assert.ok(c.near || c.nearOptions, 'a case needs a near miss');
        const [from, to] = c.near ?? ['', ''];
        assert.ok(c.text.includes(from), `near miss: '${from.slice(0, 40)}' is not in the manifest`);
        const findings = lintText(c.text.replace(from, to), c.nearOptions ?? c.options);
        assert.deepEqual(
          findings.map((f) => `[${f.ruleId}] ${f.message}`),
          [],
        );
      });
    });
  }
});

describe('rule id coverage', () => {
  it('has a case for every rule of the registry and every documented file-level id', () => {
    const documented = readdirSync(path.join(REPO_ROOT, 'docs', 'rules'))
      .filter((f) => f.endsWith('.md') && f !== 'argo-parity.md' && f !== 'lint-differential.md')
      .map((f) => f.slice(0, -3));
    const ids = new Set([...rules.map((r) => r.id), ...documented]);
    const covered = new Set(CASES.map((c) => c.rule));
    assert.deepEqual(
      [...ids].filter((id) => !covered.has(id)).sort(),
      [],
      'rule ids without a case in test/unit/lint/ruleIds.test.ts',
    );
    assert.deepEqual(
      [...covered].filter((id) => !ids.has(id)),
      [],
      'cases for ids that are neither a rule nor documented',
    );
    assert.equal(CASES.length, covered.size, 'one case per rule id');
  });
});
