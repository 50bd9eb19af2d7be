// Requested vs used across a whole workflow: from the usage the metrics API measured while its steps ran, the steps
// that used under a third of what they asked for (with the request to set) and those that ran near their limit.
// Each step is judged as its panel judges it (usageView), against its template's requests and limits.
import type { ArgoNode } from '../model/argoNode';
import type { Insight } from '../model/insight';
import { arr, rec, str, type Obj } from '../model/json';
import { workflowNodes } from '../model/nodes';
import { usageView, type UsageRow, type UsageSample } from '../model/usage';
import type { Workflow } from '../model/workflow';
import { templateOfNode, templatesOf } from '../model/workflowTemplates';

/** Steps named in an insight's detail, at most. */
const MAX_NAMED = 5;

/** A pod as usageView reads it, from the template a step ran: its containers' requests and limits. */
function podOfTemplate(template: Obj | undefined): Obj | undefined {
  if (!template) return undefined;
  const main = rec(template.container ?? template.script);
  const containers = [
    ...(Object.keys(main).length ? [{ name: 'main', resources: main.resources }] : []),
    ...arr(rec(template.containerSet).containers).map((c) => ({ name: str(rec(c).name), resources: rec(c).resources })),
  ];
  return containers.length ? { spec: { containers } } : undefined;
}

interface Judged {
  node: ArgoNode;
  rows: UsageRow[];
}

const label = (n: ArgoNode) => n.displayName ?? n.name ?? n.id;

/**
 * The workflow's usage insights: over-provisioned steps and steps near their limit, from the samples kept for its
 * pod steps (`samplesOf` answers by node id; a step without samples is not judged).
 */
export function usageInsights(
  wf: Workflow,
  samplesOf: (nodeId: string) => readonly UsageSample[] | undefined,
  now: Date,
): Insight[] {
  const parsed = workflowNodes(wf);
  if (parsed.kind !== 'nodes') return [];
  const templates = templatesOf(wf);
  const judged: Judged[] = [];
  for (const n of Object.values(parsed.nodes)) {
    if (!n || typeof n !== 'object' || n.type !== 'Pod') continue;
    const samples = samplesOf(n.id);
    if (!samples?.length) continue;
    const view = usageView({ pod: podOfTemplate(templateOfNode(wf, n, templates)), node: n, samples, now });
    judged.push({ node: n, rows: view.rows });
  }
  const out: Insight[] = [];
  const near = judged.filter((j) => j.rows.some((r) => r.verdict === 'near-limit'));
  if (near.length) {
    const first = near[0]!;
    out.push({
      id: 'usage-near-limit',
      severity: 'warning',
      title: `${near.length} step${near.length === 1 ? '' : 's'} ran near ${near.length === 1 ? 'its' : 'their'} limit: ${names(near)}`,
      detail: details(near, 'near-limit'),
      nodeId: first.node.id,
    });
  }
  const over = judged.filter((j) => j.rows.some((r) => r.verdict === 'over-provisioned'));
  if (over.length) {
    // The step that asked for the most memory it did not use first.
    const waste = (j: Judged) =>
      Math.max(
        0,
        ...j.rows.filter((r) => r.verdict === 'over-provisioned').map((r) => 100 - (r.percentOfRequest ?? 100)),
      );
    over.sort((a, b) => waste(b) - waste(a));
    out.push({
      id: 'usage-over-provisioned',
      severity: 'info',
      title: `${over.length} step${over.length === 1 ? '' : 's'} used under a third of ${over.length === 1 ? 'its' : 'their'} request: ${names(over)}`,
      detail: `${details(over, 'over-provisioned')} Smaller requests let more steps fit on a node and cost less.`,
      nodeId: over[0]!.node.id,
    });
  }
  return out;
}

function names(list: Judged[]): string {
  const shown = [...new Set(list.map((j) => label(j.node)))];
  return shown.length > MAX_NAMED
    ? `${shown.slice(0, MAX_NAMED).join(', ')} and ${shown.length - MAX_NAMED} more`
    : shown.join(', ');
}

function details(list: Judged[], verdict: 'near-limit' | 'over-provisioned'): string {
  return list
    .slice(0, MAX_NAMED)
    .map(
      (j) =>
        `${label(j.node)}: ${j.rows
          .filter((r) => r.verdict === verdict && r.advice)
          .map((r) => r.advice)
          .join(' ')}`,
    )
    .join(' ');
}
