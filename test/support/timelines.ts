// Workflow panel layouts for the webview's tests and benchmark: the demo's big workflow (nested DAGs, fan-outs,
// retries, an OOM) laid out as the host lays it out, with zones and pods gone.
import { builtinInsightSources, workflowInsights } from '../../src/core/diagnose/workflowInsights';
import type { Workflow } from '../../src/core/model/workflow';
import { workflowTimeline } from '../../src/core/model/workflowTimeline';
import { BigWorkflow } from '../../src/demo/bigWorkflow';
import type { ToWorkflowWebview } from '../../src/shared/workflowProtocol';

/** The demo's big workflow of `nodes` nodes, parsed. */
export function bigWorkflow(nodes: number): Workflow {
  const big = new BigWorkflow('scale-big', nodes, new Date('2026-08-01T10:17:00Z'));
  const head = `"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"scale-big","namespace":"argo"},`;
  return JSON.parse(big.render(head).toString('utf8')) as Workflow;
}

/** The timeline message of the big workflow: its hosts in two zones, every third pod gone (pod GC). */
export function bigTimelineMessage(wf: Workflow): Extract<ToWorkflowWebview, { type: 'timeline' }> {
  const hosts = new Set<string>();
  const gone = new Map<string, { pod: string; why: string }>();
  let i = 0;
  for (const n of Object.values(wf.status?.nodes ?? {})) {
    if (n.hostNodeName) hosts.add(n.hostNodeName);
    if (n.type === 'Pod' && i++ % 3 === 0)
      gone.set(n.id, { pod: `${n.id}-pod`, why: "removed by the workflow's pod garbage collection" });
  }
  const zones = new Map([...hosts].map((h, k) => [h, k % 2 ? 'us-east-1b' : 'us-east-1a']));
  const now = new Date('2026-08-02T00:00:00Z');
  const timeline = workflowTimeline(wf, now, { zones, gone });
  return {
    type: 'timeline',
    timeline,
    insights: workflowInsights({ workflow: wf, timeline, now }, builtinInsightSources),
  };
}
