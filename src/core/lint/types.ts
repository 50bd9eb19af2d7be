/** Lint findings and options: the pure API the editor, the CLI and tests share. */
import type { ArgoVersion } from './argoVersion';

export type Severity = 'error' | 'warning' | 'information';
export type SeveritySetting = Severity | 'off';

/** 0-based line and character (UTF-16 code units), as VS Code counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix: edits that repair the finding. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix most users want; the editor may apply it with "Fix All" / auto-fix. */
  preferred?: boolean;
}

export interface LintFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Repository-relative path of the rule's documentation, e.g. docs/rules/undefined-template.md. */
  docUrl: string;
  fixes?: Fix[];
  /** Argo's own validation accepts this (it fails or hurts later): beyond validator parity (issue #15). */
  beyondArgo?: boolean;
}

/** A template known from another file or from the cluster, for `templateRef` checks. */
export interface ExternalTemplateSource {
  kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate';
  name: string;
  /** Template names defined in it, with their input parameter names (for argument checks). */
  templates: Map<string, ExternalTemplateInfo>;
  /** Where it was found (file path or "cluster"), for messages. */
  origin: string;
  /** Spec-level arguments (for workflowTemplateRef), parameter names. */
  argumentNames?: string[];
  entrypoint?: string;
  /** Templates with no type or several: the WorkflowTemplate is invalid, and so is anything that runs it. */
  invalidTemplates?: string[];
}

export interface ExternalTemplateInfo {
  inputParameters: { name: string; hasDefault: boolean }[];
  inputArtifacts: string[];
  outputParameters: string[];
  outputArtifacts: string[];
  type: string;
}

/** Index of WorkflowTemplates and ClusterWorkflowTemplates by kind and name. */
export interface TemplateIndex {
  get(kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate', name: string): ExternalTemplateSource | undefined;
  /** True when the index is authoritative for that kind (e.g. the whole workspace or cluster was indexed). */
  complete?: boolean;
}

export interface LintOptions {
  /** Per-rule severity overrides; 'off' disables a rule. */
  ruleSeverity?: Record<string, SeveritySetting>;
  /** WorkflowTemplates / ClusterWorkflowTemplates from other files or the cluster. */
  externalTemplates?: TemplateIndex;
  /** Files larger than this many bytes get one finding instead of a lint (default 5 MB). */
  maxBytes?: number;
  /** The Argo version to check against (default: the newest known). */
  argoVersion?: ArgoVersion;
  /** The file lies in a Helm chart's templates/ folder: it is a template, not YAML (see helm.ts). */
  inChartTemplates?: boolean;
}
