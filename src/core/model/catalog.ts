import { CronExpressionParser } from 'cron-parser';
import { formatDuration } from './present';
import type { ObjectMeta, Workflow, WorkflowSpec } from './workflow';

/** A WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow as the API returns it (lenient). */
export interface CatalogObject {
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export interface Parameter {
  name: string;
  value?: string;
  enum?: string[];
  description?: string;
}

/** The workflow-level input parameters a submission can set, with their defaults. */
export function submitParameters(o: CatalogObject): Parameter[] {
  const spec =
    (o.kind === 'CronWorkflow' ? (o.spec?.workflowSpec as Record<string, unknown> | undefined) : o.spec) ?? {};
  const params = (spec.arguments as { parameters?: unknown } | undefined)?.parameters;
  if (!Array.isArray(params)) return [];
  return params.flatMap((p: unknown): Parameter[] => {
    if (!p || typeof p !== 'object') return [];
    const r = p as { name?: unknown; value?: unknown; enum?: unknown; description?: unknown };
    if (typeof r.name !== 'string' || !r.name) return [];
    return [
      {
        name: r.name,
        value: r.value === undefined || r.value === null ? undefined : String(r.value),
        enum: Array.isArray(r.enum) ? r.enum.map(String) : undefined,
        description: typeof r.description === 'string' ? r.description : undefined,
      },
    ];
  });
}

/**
 * The Workflow to create when the user submits a template (as `argo submit --from workflowtemplate/x` does: a
 * workflowTemplateRef plus the chosen arguments) or runs a CronWorkflow now (as `argo submit --from cronwf/x`:
 * its workflowSpec, labelled with the cron workflow's name).
 */
export function submissionOf(o: CatalogObject, namespace: string, parameters: Record<string, string> = {}): Workflow {
  const name = o.metadata?.name ?? 'workflow';
  const args = Object.entries(parameters).map(([n, value]) => ({ name: n, value }));
  const metadata: ObjectMeta = { generateName: `${name}-`, namespace };
  if (o.kind === 'CronWorkflow') {
    const spec = structuredClone((o.spec?.workflowSpec as Record<string, unknown> | undefined) ?? {});
    if (args.length)
      spec.arguments = {
        ...((spec.arguments as object | undefined) ?? {}),
        parameters: mergeArgs(spec.arguments, args),
      };
    metadata.labels = { 'workflows.argoproj.io/cron-workflow': name };
    return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata, spec };
  }
  const spec: WorkflowSpec = {
    workflowTemplateRef: o.kind === 'ClusterWorkflowTemplate' ? { name, clusterScope: true } : { name },
  };
  if (args.length) spec.arguments = { parameters: args };
  metadata.labels = {
    [o.kind === 'ClusterWorkflowTemplate'
      ? 'workflows.argoproj.io/cluster-workflow-template'
      : 'workflows.argoproj.io/workflow-template']: name,
  };
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata, spec };
}

function mergeArgs(existing: unknown, args: { name: string; value: string }[]): unknown[] {
  const old = Array.isArray((existing as { parameters?: unknown } | undefined)?.parameters)
    ? (existing as { parameters: { name?: string }[] }).parameters
    : [];
  const set = new Map(args.map((a) => [a.name, a]));
  return [
    ...old.map((p) => (p && set.has(p.name ?? '') ? { ...p, value: set.get(p.name!)!.value } : p)),
    ...args.filter((a) => !old.some((p) => p?.name === a.name)),
  ];
}

export interface CronSummary {
  schedules: string[];
  timezone?: string;
  suspended: boolean;
  /** The next time any schedule fires, if the schedules parse. */
  next?: Date;
  /** Why a schedule does not parse. */
  problem?: string;
  lastScheduled?: string;
  active: number;
  /** e.g. "0 2 * * * (Europe/Berlin) · next in 3h 12m". */
  description: string;
}

/** What a CronWorkflow will do next, in words. */
export function cronSummary(o: CatalogObject, now: Date): CronSummary {
  const spec = o.spec ?? {};
  const schedules = [
    ...(Array.isArray(spec.schedules) ? spec.schedules.map(String) : []),
    ...(typeof spec.schedule === 'string' && spec.schedule ? [spec.schedule] : []),
  ];
  const timezone = typeof spec.timezone === 'string' && spec.timezone ? spec.timezone : undefined;
  const suspended = spec.suspend === true;
  let next: Date | undefined;
  let problem: string | undefined;
  for (const s of schedules) {
    try {
      const d = CronExpressionParser.parse(s, { currentDate: now, tz: timezone, strict: false }).next().toDate();
      if (!next || d < next) next = d;
    } catch (e) {
      problem = `schedule "${s}" does not parse: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const status = o.status ?? {};
  const active = Array.isArray(status.active) ? status.active.length : 0;
  const lastScheduled = typeof status.lastScheduledTime === 'string' ? status.lastScheduledTime : undefined;
  const when = suspended
    ? 'suspended'
    : problem
      ? 'invalid schedule'
      : next
        ? `next in ${formatDuration(next.getTime() - now.getTime())}`
        : 'no schedule';
  const description = [
    schedules.join(', ') + (timezone ? ` (${timezone})` : ''),
    when,
    active ? `${active} running` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return { schedules, timezone, suspended, next, problem, lastScheduled, active, description };
}

/** One line about a (Cluster)WorkflowTemplate: its entrypoint, template count and parameters. */
export function templateDescription(o: CatalogObject): string {
  const spec = o.spec ?? {};
  const templates = Array.isArray(spec.templates) ? spec.templates.length : 0;
  const params = submitParameters(o).length;
  return [
    typeof spec.entrypoint === 'string' ? `entry ${spec.entrypoint}` : '',
    `${templates} template${templates === 1 ? '' : 's'}`,
    params ? `${params} parameter${params === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
