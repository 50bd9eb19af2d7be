/**
 * The parity table's data (issue #15): every error Argo v4.0.5 can return on the `argo lint --offline` path, each
 * with a minimal manifest Argo rejects with that error and the rule of ours that must report it. Checked against
 * Argo's own validator by test/oracle/parity.test.ts and against our linter alone by test/unit/lint/parity.test.ts;
 * docs/rules/argo-parity.md is generated from it (scripts/gen-parity-doc.ts).
 *
 * `argo` names the error site in argo-workflows v4.0.5: `file:line function` (workflow/validate/validate.go unless
 * another file is named).
 */

export interface ParityCase {
  /** Unique, kebab-case: names the test. */
  id: string;
  /** Where in Argo v4.0.5 the error is returned: `file:line function`. */
  argo: string;
  /** A stable substring of Argo's error. */
  error: string;
  /** Minimal YAML: one Argo document (two when the error needs a WorkflowTemplate to resolve). */
  manifest: string;
  /** Our rule id that must report an error on the manifest. */
  rule: string;
  note?: string;
}

/** An error Argo returns on the lint path that no rule of ours reports yet: still checked against the oracle. */
export interface UncoveredCase {
  id: string;
  argo: string;
  error: string;
  manifest: string;
  /** What our linter lacks. */
  missing: string;
}

/** An error site `argo lint --offline` cannot reach, and why. */
export interface Unreachable {
  argo: string;
  error: string;
  reason: string;
}

/**
 * A manifest Argo accepts, near one of the checks above: the rule must stay silent on it (no false positive).
 */
export interface NearMiss {
  id: string;
  manifest: string;
  /** The rule that must report no error. */
  rule: string;
  /** What it is near. */
  note: string;
}

/** The areas of the table, in order. */
export const AREAS = [
  'Decoding (strict)',
  'Object names',
  'Workflow spec',
  'Arguments',
  'Template references',
  'Template type and inputs',
  'Leaf templates',
  'Steps',
  'DAG',
  'Outputs',
  'Metrics',
  'CronWorkflow',
] as const;
export type Area = (typeof AREAS)[number];

export interface AreaCases {
  area: Area;
  cases: ParityCase[];
}

/** A Workflow whose entrypoint is `main`; `templates` is the YAML list under spec.templates (2-space indented). */
export function wf(templates: string, spec = ''): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: parity-
spec:
  entrypoint: main
${spec}  templates:
${templates}`;
}

/** A container template named `name`. */
const leaf = (name: string, extra = '') => `  - name: ${name}
    container:
      image: alpine:3.20
${extra}`;

/** A steps template `main` calling one step `a` (extra lines go under the step). */
const oneStep = (stepExtra: string, target = 'work') => `  - name: main
    steps:
    - - name: a
        template: ${target}
${stepExtra}`;

/** A DAG template `main` with the given tasks (YAML under `tasks:`, 6-space indented). */
const dag = (tasks: string, dagExtra = '') => `  - name: main
    dag:
${dagExtra}      tasks:
${tasks}`;

const name64 = 'a'.repeat(64);

/** A second document: the WorkflowTemplate `parity-lib` with a template `work`, for templateRef cases. */
const LIB = `---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: parity-lib
spec:
  templates:
  - name: work
    container:
      image: alpine:3.20
`;

/** A CronWorkflow with the given spec lines (before workflowSpec) and a one-template workflowSpec. */
const cron = (spec: string) => `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: parity-cron
spec:
${spec}  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container:
        image: alpine:3.20
`;

export const PARITY: AreaCases[] = [
  {
    area: 'Decoding (strict)',
    cases: [
      {
        id: 'yaml-syntax',
        argo: 'workflow/common/parse.go ParseObjects (YAML to JSON)',
        error: 'yaml: line',
        manifest: wf(leaf('main', '      args: [unclosed\n')),
        rule: 'yaml-syntax',
      },
      {
        id: 'strict-unknown-field',
        argo: 'workflow/common/parse.go ParseObjects (strict)',
        error: 'unknown field "spec.templates[0].contianer"',
        manifest: wf(`  - name: main
    contianer:
      image: alpine:3.20
`),
        rule: 'unknown-field',
      },
      {
        id: 'strict-wrong-type',
        argo: 'workflow/common/parse.go ParseObjects (strict)',
        error: 'cannot unmarshal',
        manifest: wf(leaf('main'), '  parallelism: lots\n'),
        rule: 'unknown-field',
      },
      {
        id: 'strict-number-for-string',
        argo: 'workflow/common/parse.go ParseObjects (strict)',
        error: 'cannot unmarshal number into Go struct field Container.spec.templates.container.args of type string',
        manifest: wf(leaf('main').replace('image: alpine:3.20', 'image: alpine:3.20\n      args: [5]')),
        rule: 'unknown-field',
      },
      {
        id: 'strict-yaml-1-1-boolean',
        argo: 'workflow/common/parse.go ParseObjects (strict)',
        error:
          'cannot unmarshal bool into Go struct field Parameter.spec.templates.outputs.parameters.name of type string',
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      parameters:\n      - name: n\n        valueFrom:\n          path: /tmp/n\n',
          ),
        ),
        rule: 'unknown-field',
        note: 'Argo reads YAML 1.1, where an unquoted y, n, yes, no, on or off is a boolean.',
      },
      {
        id: 'steps-not-list-of-lists',
        argo: 'workflow/common/parse.go ParseObjects (strict)',
        error: 'cannot unmarshal',
        manifest: wf(`  - name: main
    steps:
    - name: a
      template: work
${leaf('work')}`),
        rule: 'steps-list-of-lists',
      },
      {
        id: 'plugin-one-key',
        argo: 'pkg/apis/workflow/v1alpha1/plugin_types.go:27 Plugin.UnmarshalJSON',
        error: 'expected exactly one key, got 2',
        manifest: wf(`  - name: main
    plugin:
      hello: {}
      world: {}
`),
        rule: 'template-type',
      },
    ],
  },
  {
    area: 'Object names',
    cases: [
      {
        id: 'workflow-name-too-long',
        argo: 'validate.go:150 ValidateWorkflow',
        error: 'must not be more than 63 characters long',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: ${name64}
spec:
  entrypoint: main
  templates:
${leaf('main')}`,
        rule: 'metadata-name',
      },
      {
        id: 'workflow-template-name-too-long',
        argo: 'validate.go:373 ValidateWorkflowTemplate',
        error: 'workflow template name',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${name64}
spec:
  templates:
${leaf('main')}`,
        rule: 'metadata-name',
      },
      {
        id: 'cluster-workflow-template-name-too-long',
        argo: 'validate.go:391 ValidateClusterWorkflowTemplate',
        error: 'cluster workflow template name',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: ${name64}
spec:
  templates:
${leaf('main')}`,
        rule: 'metadata-name',
      },
      {
        id: 'cron-workflow-name-too-long',
        argo: 'validate.go:412 ValidateCronWorkflow',
        error: 'must not be more than 52 characters long',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: ${'c'.repeat(53)}
spec:
  schedules: ["0 * * * *"]
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container:
        image: alpine:3.20
`,
        rule: 'metadata-name',
      },
    ],
  },
  {
    area: 'Workflow spec',
    cases: [
      {
        id: 'workflow-template-ref-with-templates',
        argo: 'validate.go:365 ValidateWorkflowTemplateRefFields',
        error: 'Templates is invalid field in spec if workflow referred WorkflowTemplate reference',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: parity-
spec:
  workflowTemplateRef:
    name: parity-base
  templates:
${leaf('main')}---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: parity-base
spec:
  entrypoint: main
  templates:
${leaf('main')}`,
        rule: 'workflow-template-ref-with-templates',
      },
      {
        id: 'workflow-template-ref-not-found',
        argo: 'validate.go:168 ValidateWorkflow (WorkflowTemplate getter)',
        error: 'parity-missing',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: parity-
spec:
  workflowTemplateRef:
    name: parity-missing
`,
        rule: 'template-ref',
        note: "The getter's message differs between the controller and argo lint --offline; both name the template.",
      },
      {
        id: 'entrypoint-required',
        argo: 'validate.go:245 ValidateWorkflow',
        error: 'spec.entrypoint is required',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: parity-
spec:
  templates:
${leaf('main')}`,
        rule: 'entrypoint',
      },
      {
        id: 'entrypoint-undefined',
        argo: 'validate.go:607 validateTemplateHolder',
        error: "template name 'mian' undefined",
        manifest: wf(leaf('main'), '  entrypoint: mian\n').replace('  entrypoint: main\n', ''),
        rule: 'entrypoint',
      },
      {
        id: 'on-exit-undefined',
        argo: 'validate.go:607 validateTemplateHolder',
        error: "template name 'cleanup' undefined",
        manifest: wf(leaf('main'), '  onExit: cleanup\n'),
        rule: 'undefined-template',
      },
      {
        id: 'workflow-hook-expression',
        argo: 'validate.go:134 validateHooks',
        error: 'hooks.running Expression required',
        manifest: wf(
          leaf('main') + leaf('notify'),
          `  hooks:
    running:
      template: notify
`,
        ),
        rule: 'hook-expression',
      },
      {
        id: 'pod-gc-strategy',
        argo: 'validate.go:325 ValidateWorkflow',
        error: "podGC.strategy unknown strategy 'OnPodDone'",
        manifest: wf(leaf('main'), '  podGC:\n    strategy: OnPodDone\n'),
        rule: 'pod-gc',
      },
      {
        id: 'pod-gc-label-selector',
        argo: 'validate.go:328 ValidateWorkflow',
        error: 'podGC.labelSelector invalid',
        manifest: wf(
          leaf('main'),
          `  podGC:
    strategy: OnPodCompletion
    labelSelector:
      matchExpressions:
      - key: app
        operator: Sometimes
`,
        ),
        rule: 'pod-gc',
      },
    ],
  },
  {
    area: 'Arguments',
    cases: [
      {
        id: 'workflow-argument-name-invalid',
        argo: 'validate.go:919 validateArgumentsFieldNames (validate.go:1299 validateWorkflowFieldNames)',
        error: "spec.arguments.parameters[0].name: 'my param' is invalid",
        manifest: wf(leaf('main'), '  arguments:\n    parameters:\n    - name: my param\n      value: x\n'),
        rule: 'invalid-name',
      },
      {
        id: 'workflow-argument-name-required',
        argo: 'validate.go:1289 validateWorkflowFieldNames',
        error: 'spec.arguments.artifacts[0].name is required',
        manifest: wf(leaf('main'), '  arguments:\n    artifacts:\n    - raw:\n        data: hi\n'),
        rule: 'invalid-name',
      },
      {
        id: 'workflow-argument-name-not-unique',
        argo: 'validate.go:1303 validateWorkflowFieldNames',
        error: "spec.arguments.parameters[1].name 'p' is not unique",
        manifest: wf(
          leaf('main'),
          '  arguments:\n    parameters:\n    - name: p\n      value: a\n    - name: p\n      value: b\n',
        ),
        rule: 'invalid-name',
      },
      {
        id: 'argument-value-from-kind',
        argo: 'validate.go:942 validateArgumentsValues',
        error: 'spec.arguments.p.valueFrom only allows: default, configMapKeyRef and supplied',
        manifest: wf(
          leaf('main'),
          '  arguments:\n    parameters:\n    - name: p\n      valueFrom:\n        path: /tmp/p\n',
        ),
        rule: 'argument-source',
      },
      {
        id: 'argument-value-from-default-only',
        argo: 'validate.go:938 validateArgumentsValues',
        error: 'spec.arguments.p.valueFrom only allows: default, configMapKeyRef and supplied',
        manifest: wf(
          leaf('main'),
          '  arguments:\n    parameters:\n    - name: p\n      valueFrom:\n        default: x\n',
        ),
        rule: 'argument-source',
      },
      {
        id: 'argument-enum-empty',
        argo: 'validate.go:948 validateArgumentsValues',
        error: 'spec.arguments.p.enum should contain at least one value',
        manifest: wf(leaf('main'), '  arguments:\n    parameters:\n    - name: p\n      value: a\n      enum: []\n'),
        rule: 'parameter-enum',
      },
      {
        id: 'argument-enum-value',
        argo: 'validate.go:957 validateArgumentsValues',
        error: 'spec.arguments.p.value should be present in spec.arguments.p.enum list',
        manifest: wf(
          leaf('main'),
          '  arguments:\n    parameters:\n    - name: p\n      value: c\n      enum: [a, b]\n',
        ),
        rule: 'parameter-enum',
      },
      {
        id: 'step-argument-enum-value-required',
        argo: 'validate.go:954 validateArgumentsValues',
        error: 'arguments.p.value is required',
        manifest: wf(
          oneStep(`        arguments:
          parameters:
          - name: p
            enum: [a]
            valueFrom:
              configMapKeyRef:
                name: cm
                key: k
`) + leaf('work', '    inputs:\n      parameters:\n      - name: p\n'),
        ),
        rule: 'parameter-enum',
      },
      {
        id: 'step-argument-value-required',
        argo: 'validate.go:931 validateArgumentsValues',
        error:
          'templates.main.steps[0].a.arguments.p.value or templates.main.steps[0].a.arguments.p.valueFrom is required',
        manifest: wf(
          oneStep('        arguments:\n          parameters:\n          - name: p\n') +
            leaf('work', '    inputs:\n      parameters:\n      - name: p\n'),
        ),
        rule: 'input-not-supplied',
      },
      {
        id: 'argument-artifact-source',
        argo: 'validate.go:963 validateArgumentsValues',
        error: 'spec.arguments.a.from, artifact location, or key is required',
        manifest: wf(leaf('main'), '  arguments:\n    artifacts:\n    - name: a\n'),
        rule: 'argument-source',
      },
      {
        id: 'argument-artifact-from-and-expression',
        argo: 'validate.go:966 validateArgumentsValues',
        error: "shouldn't have both `from` and `fromExpression` in Artifact",
        manifest: wf(
          oneStep(`        arguments:
          artifacts:
          - name: a
            from: "{{workflow.outputs.artifacts.x}}"
            fromExpression: "true"
`) + leaf('work', '    inputs:\n      artifacts:\n      - name: a\n        path: /tmp/a\n'),
        ),
        rule: 'argument-source',
      },
      {
        id: 'input-parameter-not-supplied',
        argo: 'workflow/common/util.go:151 substituteAndGetConfigMapValue (via ProcessArgs)',
        error: 'inputs.parameters.p was not supplied',
        manifest: wf(leaf('main', '    inputs:\n      parameters:\n      - name: p\n')),
        rule: 'input-not-supplied',
      },
      {
        id: 'input-artifact-not-supplied',
        argo: 'workflow/common/util.go:194 ProcessArgs',
        error: 'inputs.artifacts.a was not supplied',
        manifest: wf(leaf('main', '    inputs:\n      artifacts:\n      - name: a\n        path: /tmp/a\n')),
        rule: 'input-not-supplied',
      },
    ],
  },
  {
    area: 'Template references',
    cases: [
      {
        id: 'template-and-template-ref',
        argo: 'validate.go:591 validateTemplateHolder',
        error: 'template name cannot be specified with templateRef.',
        manifest:
          wf(oneStep('        templateRef:\n          name: parity-lib\n          template: work\n') + leaf('work')) +
          LIB,
        rule: 'template-ref',
      },
      {
        id: 'template-ref-name-required',
        argo: 'validate.go:594 validateTemplateHolder',
        error: 'resource name is required',
        manifest: wf(`  - name: main
    steps:
    - - name: a
        templateRef:
          template: work
`),
        rule: 'template-ref',
      },
      {
        id: 'template-ref-template-required',
        argo: 'validate.go:597 validateTemplateHolder',
        error: 'template name is required',
        manifest:
          wf(`  - name: main
    steps:
    - - name: a
        templateRef:
          name: parity-lib
`) + LIB,
        rule: 'template-ref',
      },
      {
        id: 'template-ref-not-found',
        argo: 'validate.go:621 validateTemplateHolder',
        error: 'template reference parity-lib.nope not found',
        manifest: `${wf(`  - name: main
    steps:
    - - name: a
        templateRef:
          name: parity-lib
          template: nope
`)}---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: parity-lib
spec:
  templates:
${leaf('work')}`,
        rule: 'template-ref',
      },
      {
        id: 'template-ref-workflow-template-not-found',
        argo: 'workflow/templateresolution/context.go:139 TemplateContext.GetTemplateFromRef (WorkflowTemplate getter)',
        error: 'parity-missing',
        manifest: wf(
          oneStep('        templateRef:\n          name: parity-missing\n          template: work\n').replace(
            '        template: work\n',
            '',
          ),
        ),
        rule: 'template-ref',
        note: 'argo lint --offline knows only the templates of the files it lints',
      },
      {
        id: 'template-ref-cluster-template-not-found',
        argo: 'workflow/templateresolution/context.go:137 TemplateContext.GetTemplateFromRef (ClusterWorkflowTemplate getter)',
        error: 'parity-missing',
        manifest: wf(
          oneStep(
            '        templateRef:\n          name: parity-missing\n          template: work\n          clusterScope: true\n',
          ).replace('        template: work\n', ''),
        ),
        rule: 'template-ref',
      },
      {
        id: 'step-template-undefined',
        argo: 'validate.go:607 validateTemplateHolder',
        error: "template name 'wrok' undefined",
        manifest: wf(oneStep('', 'wrok') + leaf('work')),
        rule: 'undefined-template',
      },
      {
        id: 'retry-policy',
        argo: 'validate.go:635 validateTemplateHolder',
        error: 'Sometimes is not a valid RetryPolicy',
        manifest: wf(leaf('main', '    retryStrategy:\n      limit: 2\n      retryPolicy: Sometimes\n')),
        rule: 'retry-strategy',
      },
    ],
  },
  {
    area: 'Template type and inputs',
    cases: [
      {
        id: 'template-type-unspecified',
        argo: 'workflow/templateresolution/context.go:244 TemplateContext.resolveTemplateImpl',
        error: "template 'main' type is unknown",
        manifest: wf('  - name: main\n    inputs: {}\n'),
        rule: 'template-type',
      },
      {
        id: 'template-type-multiple',
        argo: 'validate.go:656 validateTemplateType',
        error: 'templates.main multiple template types specified',
        manifest: wf(leaf('main', '    suspend: {}\n')),
        rule: 'template-type',
      },
      {
        id: 'template-name-required',
        argo: 'validate.go:184 ValidateWorkflow (validate.go:1289 validateWorkflowFieldNames)',
        error: 'spec.templates[1].name is required',
        manifest: wf(leaf('main') + '  - container:\n      image: alpine:3.20\n'),
        rule: 'invalid-name',
      },
      {
        id: 'template-name-invalid',
        argo: 'validate.go:184 ValidateWorkflow (validate.go:1299 validateWorkflowFieldNames)',
        error: "spec.templates[1].name: 'my_tmpl' is invalid",
        manifest: wf(leaf('main') + leaf('my_tmpl')),
        rule: 'invalid-name',
      },
      {
        id: 'template-name-not-unique',
        argo: 'validate.go:184 ValidateWorkflow (validate.go:1303 validateWorkflowFieldNames)',
        error: "spec.templates[1].name 'main' is not unique",
        manifest: wf(leaf('main') + leaf('main')),
        rule: 'invalid-name',
      },
      {
        id: 'input-parameter-name-invalid',
        argo: 'validate.go:664 validateInputs',
        error: "templates.main.inputs.parameters[0].name: 'a.b' is invalid",
        manifest: wf(leaf('main', '    inputs:\n      parameters:\n      - name: a.b\n        value: x\n')),
        rule: 'invalid-name',
      },
      {
        id: 'input-artifact-name-not-unique',
        argo: 'validate.go:668 validateInputs',
        error: "templates.main.inputs.artifacts[1].name 'a' is not unique",
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: a\n        path: /a\n        raw:\n          data: x\n      - name: a\n        path: /b\n        raw:\n          data: z\n',
          ),
        ),
        rule: 'invalid-name',
      },
      {
        id: 'input-artifact-path-required',
        argo: 'validate.go:684 validateInputs (v1alpha1 Artifact.CleanPath)',
        error: "Artifact 'a' did not specify a path",
        manifest: wf(leaf('main', '    inputs:\n      artifacts:\n      - name: a\n        raw:\n          data: x\n')),
        rule: 'artifact-path',
      },
      {
        id: 'input-artifact-path-non-leaf',
        argo: 'validate.go:689 validateInputs',
        error: 'templates.main.inputs.artifacts.a.path only valid in container/script templates',
        manifest: wf(
          `  - name: main
    inputs:
      artifacts:
      - name: a
        path: /tmp/a
        raw:
          data: x
    steps:
    - - name: a
        template: work
${leaf('work')}`,
        ),
        rule: 'artifact-path',
      },
      {
        id: 'input-artifact-from',
        argo: 'validate.go:693 validateInputs',
        error: 'templates.main.inputs.artifacts.a.from not valid in inputs',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: a\n        path: /tmp/a\n        from: "{{workflow.outputs.artifacts.x}}"\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-git-repo',
        argo: 'validate.go:707 validateArtifactLocation',
        error: 'templates.main.inputs.artifacts.src.git.repo is required',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: src\n        path: /src\n        git:\n          revision: main\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'archive-location-git-repo',
        argo: 'validate.go:707 validateArtifactLocation (archiveLocation)',
        error: 'templates.main.archiveLocation.git.repo is required',
        manifest: wf(leaf('main', '    archiveLocation:\n      git:\n        revision: main\n')),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-hdfs',
        argo: 'workflow/artifacts/hdfs/hdfs.go:55 ValidateArtifact',
        error: 'templates.main.inputs.artifacts.h.hdfs.addresses is required',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: h\n        path: /h\n        hdfs:\n          path: /data\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-hdfs-path',
        argo: 'workflow/artifacts/hdfs/hdfs.go:58 ValidateArtifact',
        error: 'hdfs.path is required',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: h\n        path: /h\n        hdfs:\n          addresses: [nn:8020]\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-hdfs-path-absolute',
        argo: 'workflow/artifacts/hdfs/hdfs.go:61 ValidateArtifact',
        error: 'hdfs.path must be a absolute file path',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: h\n        path: /h\n        hdfs:\n          addresses: [nn:8020]\n          path: data\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-hdfs-user',
        argo: 'workflow/artifacts/hdfs/hdfs.go:68 ValidateArtifact',
        error: 'hdfs.hdfsUser, ',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: h\n        path: /h\n        hdfs:\n          addresses: [nn:8020]\n          path: /data\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-hdfs-keytab',
        argo: 'workflow/artifacts/hdfs/hdfs.go:71 ValidateArtifact',
        error: 'are required with templates.main.inputs.artifacts.h.hdfs.krbKeytabSecret',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: h\n        path: /h\n        hdfs:\n          addresses: [nn:8020]\n          path: /data\n          krbKeytabSecret:\n            name: s\n            key: k\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'input-artifact-hdfs-ccache',
        argo: 'workflow/artifacts/hdfs/hdfs.go:74 ValidateArtifact',
        error: 'are required with templates.main.inputs.artifacts.h.hdfs.krbCCacheSecret',
        manifest: wf(
          leaf(
            'main',
            '    inputs:\n      artifacts:\n      - name: h\n        path: /h\n        hdfs:\n          addresses: [nn:8020]\n          path: /data\n          krbCCacheSecret:\n            name: s\n            key: k\n',
          ),
        ),
        rule: 'artifact-location',
      },
      {
        id: 'init-container-name',
        argo: 'validate.go:454 validateInitContainers',
        error: 'initContainers must all have container name',
        manifest: wf(leaf('main', '    initContainers:\n    - image: alpine:3.20\n')),
        rule: 'invalid-name',
      },
      {
        id: 'timeout-non-leaf',
        argo: 'validate.go:511 validateTemplate',
        error: "Steps template doesn't support timeout field",
        manifest: wf(oneStep('').replace('    steps:', '    timeout: 1m\n    steps:') + leaf('work')),
        rule: 'template-timeout',
      },
      {
        id: 'timeout-whole-number',
        argo: 'validate.go:516 validateTemplate',
        error: 'main has invalid duration format in timeout',
        manifest: wf(leaf('main', '    timeout: "30"\n')),
        rule: 'template-timeout',
      },
    ],
  },
  {
    area: 'Leaf templates',
    cases: [
      {
        id: 'leaf-unresolved-variable',
        argo: 'validate.go:785 validateLeaf (validate.go:754 resolveAllVariables)',
        error: 'templates.main: failed to resolve {{inputs.parameters.msg}}',
        manifest: wf(leaf('main', '      args: ["{{inputs.parameters.msg}}"]\n')),
        rule: 'unresolved-variable',
      },
      {
        id: 'volume-mount-path-twice',
        argo: 'validate.go:792 validateLeaf',
        error: "templates.main.container.volumeMounts[1].mountPath '/data' already mounted",
        manifest: wf(
          leaf(
            'main',
            '      volumeMounts:\n      - name: a\n        mountPath: /data\n      - name: b\n        mountPath: /data\n',
          ),
          '  volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}\n',
        ),
        rule: 'volume-mount-collision',
      },
      {
        id: 'artifact-path-mounted',
        argo: 'validate.go:798 validateLeaf',
        error: "templates.main.inputs.artifacts[0].path '/data' already mounted",
        manifest: wf(
          leaf(
            'main',
            '      volumeMounts:\n      - name: a\n        mountPath: /data\n    inputs:\n      artifacts:\n      - name: d\n        path: /data\n        raw:\n          data: x\n',
          ),
          '  volumes:\n  - name: a\n    emptyDir: {}\n',
        ),
        rule: 'volume-mount-collision',
      },
      {
        id: 'container-image-empty',
        argo: 'validate.go:806 validateLeaf',
        error: 'templates.main.container.image may not be empty',
        manifest: wf('  - name: main\n    container:\n      command: [echo]\n'),
        rule: 'missing-image',
      },
      {
        id: 'container-image-empty-template',
        argo: 'validate.go:810 validateLeaf (WorkflowTemplate)',
        error: 'templates.main.container.image may not be empty',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: parity-lib
spec:
  templates:
  - name: main
    container:
      command: [echo]
`,
        rule: 'missing-image',
      },
      {
        id: 'container-image-empty-cluster-template',
        argo: 'validate.go:813 validateLeaf (ClusterWorkflowTemplate)',
        error: 'templates.main.container.image may not be empty',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: parity-lib
spec:
  templates:
  - name: main
    container:
      command: [echo]
`,
        rule: 'missing-image',
      },
      {
        id: 'script-image-empty',
        argo: 'validate.go:877 validateLeaf',
        error: 'templates.main.script.image may not be empty',
        manifest: wf('  - name: main\n    script:\n      source: echo hi\n'),
        rule: 'missing-image',
      },
      {
        id: 'script-image-empty-template',
        argo: 'validate.go:881 validateLeaf (WorkflowTemplate)',
        error: 'templates.main.script.image may not be empty',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: parity-lib
spec:
  templates:
  - name: main
    script:
      source: echo hi
`,
        rule: 'missing-image',
      },
      {
        id: 'script-image-empty-cluster-template',
        argo: 'validate.go:884 validateLeaf (ClusterWorkflowTemplate)',
        error: 'templates.main.script.image may not be empty',
        manifest: `apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: parity-lib
spec:
  templates:
  - name: main
    script:
      source: echo hi
`,
        rule: 'missing-image',
      },
      {
        id: 'container-set-empty',
        argo: 'validate.go:820 validateLeaf (v1alpha1 ContainerSetTemplate.Validate)',
        error: 'templates.main.containerSet.containers must have at least one container',
        manifest: wf('  - name: main\n    containerSet:\n      containers: []\n'),
        rule: 'container-set',
      },
      {
        id: 'container-set-names',
        argo: 'validate.go:820 validateLeaf (v1alpha1 ContainerSetTemplate.Validate)',
        error: "templates.main.containerSet.containers[1].name 'a' is not unique",
        manifest: wf(
          '  - name: main\n    containerSet:\n      containers:\n      - name: a\n        image: alpine:3.20\n      - name: a\n        image: alpine:3.20\n',
        ),
        rule: 'container-set',
      },
      {
        id: 'container-set-volume-mounts',
        argo: 'validate.go:820 validateLeaf (v1alpha1 ContainerSetTemplate.Validate)',
        error: "templates.main.containerSet.volumeMounts[1].mountPath '/w' already mounted",
        manifest: wf(
          `  - name: main
    volumes:
    - name: a
      emptyDir: {}
    - name: b
      emptyDir: {}
    containerSet:
      volumeMounts:
      - name: a
        mountPath: /w
      - name: b
        mountPath: /w
      containers:
      - name: main
        image: alpine:3.20
`,
        ),
        rule: 'volume-mount-collision',
      },
      {
        id: 'container-set-main',
        argo: 'validate.go:824 validateLeaf',
        error: 'templates.main.containerSet.containers must have a container named "main" for input or output',
        manifest: wf(
          `  - name: main
    containerSet:
      containers:
      - name: a
        image: alpine:3.20
    outputs:
      parameters:
      - name: p
        valueFrom:
          path: /tmp/p
`,
        ),
        rule: 'container-set',
      },
      {
        id: 'resource-action',
        argo: 'validate.go:835 validateLeaf',
        error: 'templates.main.resource.action must be one of: get, create, apply, delete, replace, patch',
        manifest: wf('  - name: main\n    resource:\n      action: upsert\n      manifest: "kind: ConfigMap"\n'),
        rule: 'resource-template',
      },
      {
        id: 'resource-manifest-required',
        argo: 'validate.go:840 validateLeaf',
        error: 'either templates.main.resource.manifest or templates.main.resource.manifestFrom must be specified',
        manifest: wf('  - name: main\n    resource:\n      action: create\n'),
        rule: 'resource-template',
      },
      {
        id: 'resource-manifest-and-from',
        argo: 'validate.go:843 validateLeaf',
        error: "shouldn't have both `manifest` and `manifestFrom`",
        manifest: wf(
          `  - name: main
    inputs:
      artifacts:
      - name: m
        path: /tmp/m
        raw:
          data: "kind: ConfigMap"
    resource:
      action: create
      manifest: "kind: ConfigMap"
      manifestFrom:
        artifact:
          name: m
`,
        ),
        rule: 'resource-template',
      },
      {
        id: 'resource-manifest-from-artifact',
        argo: 'validate.go:854 validateLeaf',
        error: 'artifact m in `manifestFrom` refer to a non-exist artifact',
        manifest: wf(
          '  - name: main\n    resource:\n      action: create\n      manifestFrom:\n        artifact:\n          name: m\n',
        ),
        rule: 'resource-template',
      },
      {
        id: 'resource-manifest-yaml',
        argo: 'validate.go:867 validateLeaf',
        error: 'templates.main.resource.manifest must be a valid yaml',
        manifest: wf('  - name: main\n    resource:\n      action: create\n      manifest: "kind: [ConfigMap"\n'),
        rule: 'resource-template',
      },
      {
        id: 'active-deadline-negative',
        argo: 'validate.go:894 validateLeaf',
        error: 'templates.main.activeDeadlineSeconds must be a positive integer > 0 or an argo variable',
        manifest: wf(leaf('main', '    activeDeadlineSeconds: -5\n')),
        rule: 'template-deadline',
      },
      {
        id: 'active-deadline-not-a-number',
        argo: 'validate.go:891 validateLeaf',
        error: 'templates.main.activeDeadlineSeconds must be a positive integer > 0 or an argo variable',
        manifest: wf(leaf('main', '    activeDeadlineSeconds: soon\n')),
        rule: 'template-deadline',
      },
      {
        id: 'active-deadline-non-leaf',
        argo: 'validate.go:773 validateNonLeaf',
        error: 'templates.main.activeDeadlineSeconds is only valid for leaf templates',
        manifest: wf(oneStep('').replace('    steps:', '    activeDeadlineSeconds: 60\n    steps:') + leaf('work')),
        rule: 'template-deadline',
      },
      {
        id: 'parallelism-on-leaf',
        argo: 'validate.go:898 validateLeaf',
        error: 'templates.main.parallelism is only valid for steps and dag templates',
        manifest: wf(leaf('main', '    parallelism: 2\n')),
        rule: 'parallelism-on-leaf',
      },
    ],
  },
  {
    area: 'Steps',
    cases: [
      {
        id: 'step-name-required',
        argo: 'validate.go:982 validateSteps',
        error: 'templates.main.steps[0].name is required',
        manifest: wf('  - name: main\n    steps:\n    - - template: work\n' + leaf('work')),
        rule: 'invalid-name',
      },
      {
        id: 'step-name-not-unique',
        argo: 'validate.go:986 validateSteps',
        error: "templates.main.steps[1].name 'a' is not unique",
        manifest: wf(oneStep('    - - name: a\n        template: work\n') + leaf('work')),
        rule: 'invalid-name',
      },
      {
        id: 'step-name-invalid',
        argo: 'validate.go:989 validateSteps',
        error: "templates.main.steps[0].name 'step_1' is invalid",
        manifest: wf(oneStep('').replace('name: a', 'name: step_1') + leaf('work')),
        rule: 'invalid-name',
      },
      {
        id: 'step-loops-exclusive',
        argo: 'validate.go:996 validateSteps (validate.go:1062 addItemsToScope)',
        error: 'only one of withItems, withParam, withSequence can be specified',
        manifest: wf(oneStep('        withItems: [1, 2]\n        withParam: "[1, 2]"\n') + leaf('work')),
        rule: 'loop-exclusive',
      },
      {
        id: 'step-sequence-count-and-end',
        argo: 'validate.go:996 validateSteps (validate.go:1089 addItemsToScope)',
        error: 'only one of count or end can be defined in withSequence',
        manifest: wf(oneStep('        withSequence:\n          count: "3"\n          end: "5"\n') + leaf('work')),
        rule: 'loop-exclusive',
      },
      {
        id: 'step-hook-expression',
        argo: 'validate.go:134 validateHooks (step hooks)',
        error: 'templates.main.steps[0].a.running Expression required',
        manifest: wf(oneStep('        hooks:\n          running:\n            template: work\n') + leaf('work')),
        rule: 'hook-expression',
      },
      {
        id: 'step-unresolved-variable',
        argo: 'validate.go:1033 validateSteps (validate.go:754 resolveAllVariables)',
        error: 'templates.main.steps failed to resolve {{steps.b.outputs.result}}',
        manifest: wf(
          oneStep(
            '        arguments:\n          parameters:\n          - name: p\n            value: "{{steps.b.outputs.result}}"\n',
          ) + leaf('work', '    inputs:\n      parameters:\n      - name: p\n'),
        ),
        rule: 'unresolved-variable',
      },
    ],
  },
  {
    area: 'DAG',
    cases: [
      {
        id: 'dag-no-tasks',
        argo: 'validate.go:1351 validateDAG',
        error: 'templates.main must have at least one task',
        manifest: wf('  - name: main\n    dag:\n      tasks: []\n'),
        rule: 'dag-dependencies',
      },
      {
        id: 'dag-task-name-required',
        argo: 'validate.go:1373 validateDAG (validate.go:1289 validateWorkflowFieldNames)',
        error: 'templates.main.tasks[0].name is required',
        manifest: wf(dag('      - template: work\n') + leaf('work')),
        rule: 'invalid-name',
      },
      {
        id: 'dag-task-name-invalid',
        argo: 'validate.go:1373 validateDAG (validate.go:1299 validateWorkflowFieldNames)',
        error: "templates.main.tasks[0].name: 'task_a' is invalid",
        manifest: wf(dag('      - name: task_a\n        template: work\n') + leaf('work')),
        rule: 'invalid-name',
      },
      {
        id: 'dag-task-name-not-unique',
        argo: 'validate.go:1368 validateDAG (util/sorting/topological_sorting.go:18 TopologicalSorting)',
        error: 'templates.main sorting failed: duplicated nodeName a',
        manifest: wf(
          dag('      - name: a\n        template: work\n      - name: a\n        template: work\n') + leaf('work'),
        ),
        rule: 'invalid-name',
      },
      {
        id: 'dag-task-name-digit',
        argo: 'validate.go:1382 validateDAG',
        error: "name cannot begin with a digit when using either 'depends' or 'dependencies'",
        manifest: wf(
          dag(
            '      - name: 1a\n        template: work\n      - name: b\n        depends: "1a"\n        template: work\n',
          ) + leaf('work'),
        ),
        rule: 'dag-dependencies',
      },
      {
        id: 'dag-depends-and-dependencies',
        argo: 'validate.go:1386 validateDAG',
        error: "cannot use both 'depends' and 'dependencies' in the same DAG template",
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n      - name: b\n        depends: a\n        template: work\n      - name: c\n        dependencies: [a]\n        template: work\n',
          ) + leaf('work'),
        ),
        rule: 'dag-dependencies',
      },
      {
        id: 'dag-continue-on-with-depends',
        argo: 'validate.go:1390 validateDAG',
        error: "cannot use 'continueOn' when using 'depends'",
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n        continueOn:\n          failed: true\n      - name: b\n        depends: a\n        template: work\n',
          ) + leaf('work'),
        ),
        rule: 'continueon-with-depends',
      },
      {
        id: 'dag-task-template-undefined',
        argo: 'validate.go:1396 validateDAG (validate.go:607 validateTemplateHolder)',
        error: "templates.main.tasks.a template name 'wrok' undefined",
        manifest: wf(dag('      - name: a\n        template: wrok\n') + leaf('work')),
        rule: 'undefined-template',
      },
      {
        id: 'dag-task-result',
        argo: 'validate.go:1407 validateDAG (workflow/common/ancestry.go:104 ValidateTaskResults)',
        error: "task result 'Done' for task 'a' is invalid",
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n      - name: b\n        depends: a.Done\n        template: work\n',
          ) + leaf('work'),
        ),
        rule: 'dag-dependencies',
      },
      {
        id: 'dag-dependency-not-defined',
        argo: 'validate.go:1368 validateDAG (util/sorting/topological_sorting.go:26 TopologicalSorting)',
        error: 'templates.main sorting failed: invalid dependency ghost',
        manifest: wf(dag('      - name: a\n        dependencies: [ghost]\n        template: work\n') + leaf('work')),
        rule: 'dag-dependencies',
      },
      {
        id: 'dag-items-condition-without-items',
        argo: 'validate.go:1417 validateDAG',
        error: 'uses an items-based condition such as .AnySucceeded or .AllFailed but does not contain any items',
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n      - name: b\n        depends: a.AnySucceeded\n        template: work\n',
          ) + leaf('work'),
        ),
        rule: 'dag-dependencies',
      },
      {
        id: 'dag-cycle',
        argo: 'validate.go:1368 validateDAG (util/sorting/topological_sorting.go:44 TopologicalSorting)',
        error: 'templates.main sorting failed: graph with cycle',
        manifest: wf(
          dag(
            '      - name: a\n        dependencies: [b]\n        template: work\n      - name: b\n        dependencies: [a]\n        template: work\n',
          ) + leaf('work'),
        ),
        rule: 'dag-cycle',
      },
      {
        id: 'dag-target-unresolved',
        argo: 'validate.go:1429 validateDAG (validate.go:754 resolveAllVariables)',
        error: 'templates.main.targets failed to resolve {{workflow.parameters.t}}',
        manifest: wf(
          dag('      - name: a\n        template: work\n', '      target: "{{workflow.parameters.t}}"\n') +
            leaf('work'),
        ),
        rule: 'unresolved-variable',
      },
      {
        id: 'dag-target-not-defined',
        argo: 'validate.go:1534 validateDAGTargets',
        error: "templates.main.targets: target 'b' is not defined",
        manifest: wf(dag('      - name: a\n        template: work\n', '      target: b\n') + leaf('work')),
        rule: 'dag-targets',
      },
      {
        id: 'dag-task-loops-exclusive',
        argo: 'validate.go:1469 validateDAG (validate.go:1062 addItemsToScope)',
        error: 'templates.main.tasks.a only one of withItems, withParam, withSequence can be specified',
        manifest: wf(
          dag('      - name: a\n        template: work\n        withItems: [1]\n        withParam: "[1]"\n') +
            leaf('work'),
        ),
        rule: 'loop-exclusive',
      },
      {
        id: 'dag-task-unresolved-variable',
        argo: 'validate.go:1473 validateDAG (validate.go:754 resolveAllVariables)',
        error: 'templates.main.tasks.a failed to resolve {{inputs.parameters.x}}',
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n        arguments:\n          parameters:\n          - name: p\n            value: "{{inputs.parameters.x}}"\n',
          ) + leaf('work', '    inputs:\n      parameters:\n      - name: p\n'),
        ),
        rule: 'unresolved-variable',
      },
      {
        id: 'dag-task-argument-value-required',
        argo: 'validate.go:931 validateArgumentsValues (DAG task)',
        error: 'templates.main.tasks.a.arguments.p.value or templates.main.tasks.a.arguments.p.valueFrom is required',
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n        arguments:\n          parameters:\n          - name: p\n',
          ) + leaf('work', '    inputs:\n      parameters:\n      - name: p\n'),
        ),
        rule: 'input-not-supplied',
      },
      {
        id: 'dag-missing-dependency-parameter',
        argo: 'validate.go:1506 validateDAGTaskArgumentDependency',
        error: "missing dependency 'a' for parameter 'p'",
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n      - name: b\n        template: use\n        arguments:\n          parameters:\n          - name: p\n            value: "{{tasks.a.outputs.result}}"\n',
          ) +
            leaf('work') +
            leaf('use', '    inputs:\n      parameters:\n      - name: p\n'),
        ),
        rule: 'unresolved-variable',
      },
      {
        id: 'dag-missing-dependency-artifact',
        argo: 'validate.go:1518 validateDAGTaskArgumentDependency',
        error: "missing dependency 'a' for artifact 'f'",
        manifest: wf(
          dag(
            '      - name: a\n        template: work\n      - name: b\n        template: use\n        arguments:\n          artifacts:\n          - name: f\n            from: "{{tasks.a.outputs.artifacts.out}}"\n',
          ) +
            leaf('work', '    outputs:\n      artifacts:\n      - name: out\n        path: /tmp/out\n') +
            leaf('use', '    inputs:\n      artifacts:\n      - name: f\n        path: /tmp/f\n'),
        ),
        rule: 'unresolved-variable',
      },
    ],
  },
  {
    area: 'Outputs',
    cases: [
      {
        id: 'output-parameter-name-invalid',
        argo: 'validate.go:1157 validateOutputs (validate.go:1299 validateWorkflowFieldNames)',
        error: "templates.main.outputs.parameters [0].name: 'a b' is invalid",
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      parameters:\n      - name: a b\n        valueFrom:\n          path: /tmp/p\n',
          ),
        ),
        rule: 'invalid-name',
      },
      {
        id: 'output-artifact-name-not-unique',
        argo: 'validate.go:1161 validateOutputs (validate.go:1303 validateWorkflowFieldNames)',
        error: "templates.main.outputs.artifacts [1].name 'o' is not unique",
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      artifacts:\n      - name: o\n        path: /tmp/a\n      - name: o\n        path: /tmp/b\n',
          ),
        ),
        rule: 'invalid-name',
      },
      {
        id: 'outputs-unresolved-variable',
        argo: 'validate.go:1169 validateOutputs (validate.go:754 resolveAllVariables)',
        error: 'templates.main.outputs failed to resolve {{steps.nope.outputs.result}}',
        manifest: wf(oneStep('') + leaf('work') + '').replace(
          '    steps:',
          '    outputs:\n      parameters:\n      - name: r\n        valueFrom:\n          parameter: "{{steps.nope.outputs.result}}"\n    steps:',
        ),
        rule: 'unresolved-variable',
      },
      {
        id: 'output-artifact-path-required',
        argo: 'validate.go:1177 validateOutputs (v1alpha1 Artifact.CleanPath)',
        error: "Artifact 'o' did not specify a path",
        manifest: wf(
          leaf('main', '    outputs:\n      artifacts:\n      - name: o\n        archive:\n          none: {}\n'),
        ),
        rule: 'artifact-path',
      },
      {
        id: 'output-artifact-path-non-leaf',
        argo: 'validate.go:1181 validateOutputs',
        error: 'templates.main.outputs.artifacts.o.path only valid in container/script templates',
        manifest: wf(
          oneStep('').replace(
            '    steps:',
            '    outputs:\n      artifacts:\n      - name: o\n        path: /tmp/o\n        from: "{{steps.a.outputs.artifacts.o}}"\n    steps:',
          ) + leaf('work', '    outputs:\n      artifacts:\n      - name: o\n        path: /tmp/o\n'),
        ),
        rule: 'artifact-path',
      },
      {
        id: 'output-artifact-global-name',
        argo: 'validate.go:1187 validateOutputs',
        error: 'templates.main.outputs.artifacts.o.globalName: Parameter/Artifact name must consist of',
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      artifacts:\n      - name: o\n        path: /tmp/o\n        globalName: my art\n',
          ),
        ),
        rule: 'invalid-name',
      },
      {
        id: 'output-parameter-global-name',
        argo: 'validate.go:1220 validateOutputs',
        error: 'templates.main.outputs.parameters.p.globalName: Parameter/Artifact name must consist of',
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      parameters:\n      - name: p\n        globalName: my.p\n        valueFrom:\n          path: /tmp/p\n',
          ),
        ),
        rule: 'invalid-name',
      },
      {
        id: 'output-parameter-path-for-container',
        argo: 'validate.go:1202 validateOutputs',
        error: 'templates.main.outputs.parameters.p.path must be specified for Container templates',
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      parameters:\n      - name: p\n        valueFrom:\n          jsonPath: "{.a}"\n',
          ),
        ),
        rule: 'output-value-from',
      },
      {
        id: 'output-parameter-resource-jq',
        argo: 'validate.go:1206 validateOutputs',
        error: 'templates.main.outputs.parameters.p .jqFilter or jsonPath must be specified for Resource templates',
        manifest: wf(
          '  - name: main\n    resource:\n      action: create\n      manifest: "kind: ConfigMap"\n    outputs:\n      parameters:\n      - name: p\n        valueFrom:\n          path: /tmp/p\n',
        ),
        rule: 'output-value-from',
      },
      {
        id: 'output-parameter-steps-source',
        argo: 'validate.go:1210 validateOutputs',
        error: 'templates.main.outputs.parameters.p.parameter or expression must be specified for Steps templates',
        manifest: wf(
          oneStep('').replace(
            '    steps:',
            '    outputs:\n      parameters:\n      - name: p\n        valueFrom:\n          path: /tmp/p\n    steps:',
          ) + leaf('work'),
        ),
        rule: 'output-value-from',
      },
      {
        id: 'output-parameter-value-and-value-from',
        argo: 'validate.go:1230 validateOutputParameter',
        error: 'templates.main.outputs.parameters.p has both valueFrom and value specified',
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      parameters:\n      - name: p\n        value: x\n        valueFrom:\n          path: /tmp/p\n',
          ),
        ),
        rule: 'output-value-from',
      },
      {
        id: 'output-parameter-no-source',
        argo: 'validate.go:1236 validateOutputParameter',
        error: 'templates.main.outputs.parameters.p does not have valueFrom or value specified',
        manifest: wf(leaf('main', '    outputs:\n      parameters:\n      - name: p\n')),
        rule: 'output-value-from',
      },
      {
        id: 'output-parameter-value-from-empty',
        argo: 'validate.go:1249 validateOutputParameter',
        error: 'valueFrom type unspecified',
        manifest: wf(
          leaf('main', '    outputs:\n      parameters:\n      - name: p\n        valueFrom:\n          default: x\n'),
        ),
        rule: 'output-value-from',
      },
      {
        id: 'output-parameter-value-from-multiple',
        argo: 'validate.go:1252 validateOutputParameter',
        error: 'multiple valueFrom types specified',
        manifest: wf(
          leaf(
            'main',
            '    outputs:\n      parameters:\n      - name: p\n        valueFrom:\n          path: /tmp/p\n          jsonPath: "{.a}"\n',
          ),
        ),
        rule: 'output-value-from',
      },
    ],
  },
  {
    area: 'Metrics',
    cases: [
      {
        id: 'metric-name',
        argo: 'validate.go:558 validateTemplate',
        error: "metric name 'my-metric' is invalid",
        manifest: wf(
          leaf(
            'main',
            '    metrics:\n      prometheus:\n      - name: my-metric\n        help: h\n        counter:\n          value: "1"\n',
          ),
        ),
        rule: 'invalid-metric',
      },
      {
        id: 'metric-label',
        argo: 'workflow/metrics/util.go:46 ValidateMetricLabels',
        error: "metric label 'my-label' is invalid",
        manifest: wf(
          leaf(
            'main',
            '    metrics:\n      prometheus:\n      - name: m\n        help: h\n        labels:\n        - key: my-label\n          value: v\n        counter:\n          value: "1"\n',
          ),
        ),
        rule: 'invalid-metric',
      },
      {
        id: 'metric-help',
        argo: 'validate.go:564 validateTemplate',
        error: "metric 'm' must contain a help string",
        manifest: wf(
          leaf('main', '    metrics:\n      prometheus:\n      - name: m\n        counter:\n          value: "1"\n'),
        ),
        rule: 'invalid-metric',
      },
      {
        id: 'metric-gauge-value',
        argo: 'validate.go:567 validateTemplate (workflow/metrics/util.go:26 ValidateMetricValues)',
        error: 'missing gauge.value',
        manifest: wf(
          leaf(
            'main',
            '    metrics:\n      prometheus:\n      - name: m\n        help: h\n        gauge:\n          realtime: false\n',
          ),
        ),
        rule: 'invalid-metric',
      },
      {
        id: 'metric-gauge-realtime',
        argo: 'validate.go:567 validateTemplate (workflow/metrics/util.go:30 ValidateMetricValues)',
        error: "'resourcesDuration.*' metrics cannot be used in real-time",
        manifest: wf(
          leaf(
            'main',
            '    metrics:\n      prometheus:\n      - name: m\n        help: h\n        gauge:\n          realtime: true\n          value: "{{resourcesDuration.cpu}}"\n',
          ),
        ),
        rule: 'invalid-metric',
      },
      {
        id: 'metric-counter-value',
        argo: 'validate.go:567 validateTemplate (workflow/metrics/util.go:35 ValidateMetricValues)',
        error: 'missing counter.value',
        manifest: wf(
          leaf('main', '    metrics:\n      prometheus:\n      - name: m\n        help: h\n        counter: {}\n'),
        ),
        rule: 'invalid-metric',
      },
      {
        id: 'metric-histogram-value',
        argo: 'validate.go:567 validateTemplate (workflow/metrics/util.go:38 ValidateMetricValues)',
        error: 'missing histogram.value',
        manifest: wf(
          leaf(
            'main',
            '    metrics:\n      prometheus:\n      - name: m\n        help: h\n        histogram:\n          buckets: [1]\n',
          ),
        ),
        rule: 'invalid-metric',
      },
    ],
  },
  {
    area: 'CronWorkflow',
    cases: [
      {
        id: 'cron-schedule-required',
        argo: 'validate.go:416 ValidateCronWorkflow',
        error: 'cron workflow must have at least one schedule',
        manifest: cron(''),
        rule: 'cron-schedule',
      },
      {
        id: 'cron-schedule-malformed',
        argo: 'validate.go:421 ValidateCronWorkflow',
        error: 'cron schedule 61 * * * * is malformed',
        manifest: cron('  schedules: ["61 * * * *"]\n'),
        rule: 'cron-schedule',
      },
      {
        id: 'cron-timezone',
        argo: 'validate.go:427 ValidateCronWorkflow',
        error: 'invalid timezone "Mars/Olympus"',
        manifest: cron('  schedules: ["0 * * * *"]\n  timezone: Mars/Olympus\n'),
        rule: 'cron-schedule',
      },
      {
        id: 'cron-concurrency-policy',
        argo: 'validate.go:435 ValidateCronWorkflow',
        error: "'Sometimes' is not a valid concurrencyPolicy",
        manifest: cron('  schedules: ["0 * * * *"]\n  concurrencyPolicy: Sometimes\n'),
        rule: 'cron-schedule',
      },
      {
        id: 'cron-starting-deadline',
        argo: 'validate.go:439 ValidateCronWorkflow',
        error: 'startingDeadlineSeconds must be positive',
        manifest: cron('  schedules: ["0 * * * *"]\n  startingDeadlineSeconds: -1\n'),
        rule: 'cron-schedule',
      },
      {
        id: 'cron-argument-value-required',
        argo: 'validate.go:446 ValidateCronWorkflow (validate.go:931 validateArgumentsValues, not in lint mode)',
        error: 'cannot validate Workflow: spec.arguments.p.value or spec.arguments.p.valueFrom is required',
        manifest: cron('  schedules: ["0 * * * *"]\n').replace(
          '    entrypoint: main\n',
          '    entrypoint: main\n    arguments:\n      parameters:\n      - name: p\n        default: x\n',
        ),
        rule: 'argument-value-missing',
        note: 'an error for CronWorkflows only: argo lint accepts it in a Workflow, where argo submit -p supplies it',
      },
      {
        id: 'cron-workflow-spec',
        argo: 'validate.go:446 ValidateCronWorkflow',
        error: 'cannot validate Workflow: spec.entrypoint is required',
        manifest: cron('  schedules: ["0 * * * *"]\n').replace('    entrypoint: main\n', ''),
        rule: 'entrypoint',
      },
    ],
  },
];

export const NOT_COVERED: UncoveredCase[] = [];

export const UNREACHABLE: Unreachable[] = [
  {
    argo: 'validate.go:581 VerifyResolvedVariables',
    error: 'failed to resolve {{…}}',
    reason:
      'validateTemplateHolder only logs this error ("template reference needs resolution") and accepts the templateRef.',
  },
  {
    argo: 'validate.go:624 validateTemplateHolder',
    error: '(internal error: template not found)',
    reason:
      'A template found by name a moment earlier (GetTemplateByName) is not found again; Argo says it "should not occur".',
  },
  {
    argo: 'validate.go:652 validateTemplateType',
    error: 'template type unspecified',
    reason:
      'Template resolution rejects a template without a type first (templateresolution/context.go:244 "template \'x\' type is unknown", a row above).',
  },
  {
    argo: 'validate.go:781, 1019, 1165, 1449 (validateLeaf, validateSteps, validateOutputs, validateDAG)',
    error: '(internal error: json.Marshal)',
    reason: 'Marshalling a template, step, outputs or task that was just decoded from JSON cannot fail.',
  },
  {
    argo: 'validate.go:1079 addItemsToScope',
    error: 'unsupported withItems type',
    reason:
      'Strict decoding gives every withItems entry a known type (null, a list or a map included); none is left unsupported.',
  },
  {
    argo: 'validate.go:1213 validateOutputs',
    error: "shouldn't have both `from` and `expression` specified in `ValueFrom`",
    reason:
      'validateOutputParameter runs first and rejects valueFrom.parameter with valueFrom.expression as "multiple valueFrom types specified" (a row above).',
  },
  {
    argo: 'validate.go:1265, 1280 validateWorkflowFieldNames',
    error: '(internal error: non-slice type / no Name field)',
    reason: 'Programming errors: every caller passes a slice of structs with a Name field.',
  },
  {
    argo: 'validate.go:1303 validateWorkflowFieldNames (DAG tasks, via validate.go:1373)',
    error: "tasks[1].name 'a' is not unique",
    reason:
      'sortDAGTasks runs first and rejects duplicate task names as "sorting failed: duplicated nodeName" (a row above).',
  },
  {
    argo: 'validate.go:1413 validateDAG',
    error: "dependency 'x' not defined",
    reason:
      'sortDAGTasks runs first and rejects a dependency on an unknown task as "sorting failed" (the row dag-dependency-not-defined).',
  },
  {
    argo: 'validate.go:1552 verifyNoCycles',
    error: 'dependency cycle detected',
    reason: 'sortDAGTasks runs first and rejects a cycle as "sorting failed" (the row dag-cycle).',
  },
  {
    argo: 'workflow/common/util.go:197 ProcessArgs',
    error: 'inputs.artifacts.x missing location information',
    reason: 'Only checked when validateOnly is false; validation calls ProcessArgs with validateOnly = true.',
  },
  {
    argo: 'workflow/common/util.go:127-143 substituteAndGetConfigMapValue',
    error: 'unable to retrieve inputs.parameters.x from ConfigMap',
    reason:
      'ConfigMaps are read only when a ConfigMap store is given; validation passes none, so nothing is looked up.',
  },
  {
    argo: 'workflow/common/util.go:228-273 SubstituteParams (util/template Replace)',
    error: 'failed to resolve / Unable to compile / had no value',
    reason:
      'Validation substitutes with allowUnresolved: unresolved tags and expressions that do not compile are left as they are ({{=1 +}} is accepted); a parameter without a value fails earlier (util.go:151, a row above); the JSON round trip of a decoded template cannot fail.',
  },
  {
    argo: 'workflow/templateresolution/context.go:57, 64 Null*Getter',
    error: 'is forbidden: User cannot get resource',
    reason:
      'The null getters stand in when the caller may not read templates from the cluster; argo lint --offline uses its own getters.',
  },
  {
    argo: 'workflow/templateresolution/context.go:145 GetTemplateFromRef',
    error: 'workflow template x not found',
    reason:
      "Needs the Kubernetes API's NotFound error; argo lint --offline's getters answer with their own message (the rows template-ref-*-not-found).",
  },
  {
    argo: 'workflow/templateresolution/context.go:172 GetTemplate',
    error: 'failed to get a template',
    reason:
      'Every step, task and entrypoint holder names a template, a templateRef or an inline template before this is reached.',
  },
];

export const WRAPPERS: string[] = [
  'validate.go:184 ValidateWorkflow (`spec.templates…`)',
  'validate.go:337, 346 ValidateWorkflow (`templates.<name> …`, for every template of the spec or of the referenced WorkflowTemplate)',
  'validate.go:446 ValidateCronWorkflow (`cannot validate Workflow: …`)',
  'validate.go:506 validateTemplate (`templates.<name> …` around ProcessArgs)',
  'validate.go:664, 668, 684 validateInputs',
  'validate.go:785 validateLeaf, 820 validateLeaf (containerSet)',
  'validate.go:919 validateArgumentsFieldNames',
  'validate.go:996, 1004, 1033, 1043 validateSteps',
  'validate.go:1157, 1161, 1169, 1177 validateOutputs',
  'validate.go:1368, 1373, 1396, 1407, 1429, 1469, 1473, 1481, 1486 validateDAG',
];

export const NEAR_MISSES: NearMiss[] = [
  {
    id: 'timeout-with-unit-or-variable',
    manifest: wf(
      leaf('main', '    timeout: "30s"\n') +
        leaf(
          'other',
          '    inputs:\n      parameters:\n      - name: t\n        value: "7"\n    timeout: "{{inputs.parameters.t}}"\n',
        ),
    ),
    rule: 'template-timeout',
    note: 'a duration with a unit, and a variable (Argo substitutes a placeholder before it checks)',
  },
  {
    id: 'artifact-paths-where-they-belong',
    manifest: wf(
      `  - name: main
    inputs:
      artifacts:
      - name: a
        raw:
          data: x
    steps:
    - - name: a
        template: work
        arguments:
          artifacts:
          - name: a
            from: "{{inputs.artifacts.a}}"
  - name: work
    inputs:
      artifacts:
      - name: a
        path: /tmp/a
    container:
      image: alpine:3.20
`,
    ),
    rule: 'artifact-path',
    note: 'no path on the steps template, a path on the container template',
  },
  {
    id: 'artifact-locations-complete',
    manifest: wf(
      leaf(
        'main',
        `    inputs:
      artifacts:
      - name: src
        path: /src
        git:
          repo: https://github.com/argoproj/argo-workflows.git
      - name: h
        path: /h
        hdfs:
          addresses: [nn:8020]
          path: /data
          hdfsUser: me
      - name: k
        path: /k
        hdfs:
          addresses: [nn:8020]
          path: /data
          krbCCacheSecret:
            name: s
            key: k
          krbServicePrincipalName: hdfs/nn
          krbConfigConfigMap:
            name: krb
            key: krb5.conf
`,
      ),
    ),
    rule: 'artifact-location',
    note: 'git with a repo, HDFS with a user, HDFS with a complete Kerberos credential cache',
  },
  {
    id: 'workflow-argument-sources',
    manifest: wf(
      leaf('main'),
      `  arguments:
    parameters:
    - name: p
      valueFrom:
        configMapKeyRef:
          name: cm
          key: k
        default: x
    - name: q
      valueFrom:
        supplied: {}
    artifacts:
    - name: a
      raw:
        data: x
`,
    ),
    rule: 'argument-source',
    note: 'configMapKeyRef with a default, supplied, and an artifact with a location',
  },
  {
    id: 'step-argument-enum-with-value',
    manifest: wf(
      oneStep(
        '        arguments:\n          parameters:\n          - name: p\n            value: a\n            enum: [a, b]\n',
      ) + leaf('work', '    inputs:\n      parameters:\n      - name: p\n'),
    ),
    rule: 'parameter-enum',
    note: 'a step argument with an enum and a value from it',
  },
  {
    id: 'input-artifacts-self-supplied',
    manifest: wf(
      leaf(
        'main',
        '    inputs:\n      artifacts:\n      - name: a\n        path: /a\n        optional: true\n      - name: b\n        path: /b\n        raw:\n          data: x\n',
      ),
    ),
    rule: 'input-not-supplied',
    note: 'entrypoint input artifacts that are optional or have a location',
  },
  {
    id: 'global-names-and-init-containers',
    manifest: wf(
      leaf(
        'main',
        `    initContainers:
    - name: setup
      image: alpine:3.20
    inputs:
      parameters:
      - name: g
        value: out
    outputs:
      parameters:
      - name: p
        globalName: my_p-1
        valueFrom:
          path: /tmp/p
      artifacts:
      - name: o
        path: /tmp/o
        globalName: "{{inputs.parameters.g}}"
`,
      ),
    ),
    rule: 'invalid-name',
    note: 'a valid globalName, a globalName from a parameter, a named init container',
  },
  {
    id: 'container-set-mounts-distinct',
    manifest: wf(
      `  - name: main
    volumes:
    - name: a
      emptyDir: {}
    - name: b
      emptyDir: {}
    containerSet:
      volumeMounts:
      - name: a
        mountPath: /a
      - name: b
        mountPath: /b
      containers:
      - name: main
        image: alpine:3.20
`,
    ),
    rule: 'volume-mount-collision',
    note: 'containerSet volume mounts at different paths',
  },
  {
    id: 'resource-manifest-from-input',
    manifest: wf(
      `  - name: main
    inputs:
      artifacts:
      - name: m
        path: /tmp/m
        raw:
          data: "kind: ConfigMap"
    resource:
      action: create
      manifestFrom:
        artifact:
          name: m
`,
    ),
    rule: 'resource-template',
    note: 'manifestFrom names an input artifact',
  },
  {
    id: 'dag-items-condition-on-loop',
    manifest: wf(
      dag(
        '      - name: a\n        template: work\n        withItems: [1, 2]\n      - name: b\n        depends: a.AnySucceeded\n        template: work\n',
        '      target: "{{workflow.parameters.t}}"\n',
      ) + leaf('work'),
      '  arguments:\n    parameters:\n    - name: t\n      value: b\n',
    ),
    rule: 'dag-dependencies',
    note: '.AnySucceeded on a task with items (and a target from a workflow parameter)',
  },
  {
    id: 'dag-target-from-parameter',
    manifest: wf(
      dag('      - name: a\n        template: work\n', '      target: "{{workflow.parameters.t}}"\n') + leaf('work'),
      '  arguments:\n    parameters:\n    - name: t\n      value: a\n',
    ),
    rule: 'unresolved-variable',
    note: 'dag.target from a workflow parameter that exists',
  },
  {
    id: 'output-parameter-sources-fit',
    manifest: wf(
      leaf(
        'main',
        '    outputs:\n      parameters:\n      - name: p\n        valueFrom:\n          path: /tmp/p\n          default: x\n',
      ) +
        '  - name: res\n    resource:\n      action: create\n      manifest: "kind: ConfigMap"\n    outputs:\n      parameters:\n      - name: cm-name\n        valueFrom:\n          jsonPath: "{.metadata.name}"\n',
    ),
    rule: 'output-value-from',
    note: 'path (with a default) for a container, jsonPath for a resource template',
  },
  {
    id: 'metrics-complete',
    manifest: wf(
      leaf(
        'main',
        `    metrics:
      prometheus:
      - name: m
        help: h
        labels:
        - key: my_label
          value: v
        gauge:
          realtime: true
          value: "{{duration}}"
      - name: h
        help: h
        histogram:
          buckets: [1]
          value: "{{duration}}"
`,
      ),
    ),
    rule: 'invalid-metric',
    note: 'a valid label key, a realtime gauge on duration, a histogram with a value',
  },
  {
    id: 'plugin-exactly-one-key',
    manifest: wf('  - name: main\n    plugin:\n      hello:\n        text: hi\n'),
    rule: 'template-type',
    note: 'a plugin template with exactly one key',
  },
  {
    id: 'template-ref-alone',
    manifest:
      wf(`  - name: main
    steps:
    - - name: a
        templateRef:
          name: parity-lib
          template: work
`) + LIB,
    rule: 'template-ref',
    note: 'templateRef with name and template, no template name beside it',
  },
  {
    id: 'cron-argument-with-value',
    manifest: cron('  schedules: ["0 * * * *"]\n').replace(
      '    entrypoint: main\n',
      '    entrypoint: main\n    arguments:\n      parameters:\n      - name: p\n        value: x\n',
    ),
    rule: 'argument-value-missing',
    note: 'a CronWorkflow argument with a value',
  },
  {
    id: 'template-deadline-on-leaf',
    manifest: wf(
      leaf('main', '    activeDeadlineSeconds: 60\n') +
        leaf(
          'other',
          '    inputs:\n      parameters:\n      - name: d\n        value: "30"\n    activeDeadlineSeconds: "{{inputs.parameters.d}}"\n',
        ),
    ),
    rule: 'template-deadline',
    note: 'activeDeadlineSeconds on container templates: a number, and a variable',
  },
  {
    id: 'workflow-template-name-63',
    manifest: `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: ${'a'.repeat(63)}
spec:
  templates:
${leaf('main')}`,
    rule: 'metadata-name',
    note: 'a WorkflowTemplate name of exactly 63 characters',
  },
];
