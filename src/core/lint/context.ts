import { docUrl } from './docs';
import type { ArgoKind } from './kinds';
import type { ParsedArgoDoc } from './parse';
import type { Fix, LintFinding, LintOptions, Range, Severity, TemplateIndex } from './types';
import type { YNode } from './ynode';

/** A template of the document being linted. */
export interface TemplateInfo {
  name: string | undefined;
  node: YNode;
}

/** A step of a steps template or a task of a DAG template (listed by `invocations()` in argo.ts). */
export interface Invocation {
  kind: 'step' | 'task';
  node: YNode;
  name: string | undefined;
  /** The template containing the step or task. */
  parent: YNode;
  parentName: string | undefined;
  /** Index of the step group (steps only). */
  group: number;
}

/** Everything a rule sees of one Argo document. */
export class LintContext {
  readonly kind: ArgoKind;
  readonly root: YNode;
  /** The workflow spec: `spec`, or `spec.workflowSpec` for a CronWorkflow. */
  readonly spec: YNode;
  readonly templates: TemplateInfo[];
  readonly templateByName: Map<string, YNode>;
  /** Every step and task of the document, filled by `invocations()` on first use. */
  invocationList: Invocation[] | undefined = undefined;
  private ruleId = '';
  private ruleSeverity: Severity = 'error';
  private ruleOverridden = false;

  constructor(
    readonly parsed: ParsedArgoDoc,
    readonly options: LintOptions,
    /** WorkflowTemplates and ClusterWorkflowTemplates known from the same file, other files or the cluster. */
    readonly index: TemplateIndex,
    private readonly sink: LintFinding[],
  ) {
    this.kind = parsed.kind;
    this.root = parsed.ydoc.root;
    this.spec = this.kind === 'CronWorkflow' ? this.root.get('spec').get('workflowSpec') : this.root.get('spec');
    this.templates = this.spec
      .get('templates')
      .items()
      .map((node) => ({ name: node.get('name').str(), node }));
    this.templateByName = new Map();
    for (const t of this.templates)
      if (t.name !== undefined && !this.templateByName.has(t.name)) this.templateByName.set(t.name, t.node);
  }

  /** Used by the engine: which rule is running and at what severity. */
  setRule(id: string, severity: Severity, overridden = false): void {
    this.ruleId = id;
    this.ruleSeverity = severity;
    this.ruleOverridden = overridden;
  }

  /** `templateDefaults` of the spec, merged into every template by Argo. */
  get templateDefaults(): YNode {
    return this.spec.get('templateDefaults');
  }

  /** True when the Workflow takes its templates from a WorkflowTemplate (`spec.workflowTemplateRef`). */
  get usesWorkflowTemplateRef(): boolean {
    return this.spec.has('workflowTemplateRef');
  }

  /**
   * Reports a finding at a node's value (or key with `at: 'key'`), or at a range.
   */
  report(
    where: YNode | Range,
    message: string,
    opts: { at?: 'key' | 'value'; fixes?: Fix[]; severity?: Severity } = {},
  ): void {
    const range = 'start' in where ? where : opts.at === 'key' ? where.keyRange() : where.range();
    const finding: LintFinding = {
      ruleId: this.ruleId,
      // A rule may pick a finding's severity; a user's setting for the rule wins.
      severity: this.ruleOverridden ? this.ruleSeverity : (opts.severity ?? this.ruleSeverity),
      message,
      range,
      docUrl: docUrl(this.ruleId),
    };
    if (opts.fixes?.length) finding.fixes = opts.fixes;
    this.sink.push(finding);
  }
}

/** A lint rule: one per file under rules/. */
export interface Rule {
  id: string;
  severity: Severity;
  /** One line: what the rule checks (used for docs and `--help`). */
  description: string;
  /** Which kinds it applies to (default: all four). */
  kinds?: readonly ArgoKind[];
  /**
   * Set on rules that report what Argo's own validation accepts (the workflow fails or hurts later): why it is
   * reported anyway. Unset: the rule reports only what Argo rejects too (validator parity, issue #15).
   */
  beyondArgo?: string;
  check(ctx: LintContext): void;
}
