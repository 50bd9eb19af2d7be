// The one workflow picker and the one step picker every command uses when run from the palette (from the tree, the
// element says which). Failed first, so the usual question ("what broke?") is one Enter away.
import * as vscode from 'vscode';
import type { ArgoNode } from '../core/model/argoNode';
import { workflowNodes } from '../core/model/nodes';
import { stepPickItems, workflowPickItems } from '../core/model/pickItems';
import { workflowKey, type Workflow } from '../core/model/workflow';
import { failedStepOfAny, isSummary } from '../core/model/workflowSummary';
import type { ClusterManager } from './cluster/clusterManager';
import type { WorkflowTreeElement } from './workflowsView';

export interface WorkflowPick {
  title: string;
  /** Only these workflows are offered (e.g. only failed ones). */
  only?: (wf: Workflow) => boolean;
  /** Said when there is nothing to offer. */
  none?: string;
  /** Before asking, take the workflow whose YAML is open in the editor, if it is among those offered. */
  fromOpenYaml?: boolean;
}

/** Steps offered in a pick (failed first, then by start): a 100,000-node workflow would make the list unusable. */
const MAX_STEP_PICKS = 1000;

const NOT_CONNECTED = 'Argo Doctor: connect to a cluster (or start the demo cluster) first.';
const NONE_KNOWN = 'Argo Doctor: no workflows are known yet. Connect to a cluster or start the demo cluster first.';

/** The workflow a command is for: the tree element's, the open YAML's, or one the user picks. */
export async function pickWorkflow(
  cluster: ClusterManager,
  el: WorkflowTreeElement | undefined,
  o: WorkflowPick,
): Promise<Workflow | undefined> {
  // The list holds finished workflows as summaries: the one chosen is read whole (its nodes, its spec).
  const whole = async (wf: Workflow | undefined) =>
    wf && isSummary(wf) ? ((await cluster.wholeWorkflow(workflowKey(wf))) ?? wf) : wf;
  const all = cluster.workflowCache();
  if (el && 'key' in el) return whole(all.get(el.key));
  const offered = [...all.values()].filter((w) => o.only?.(w) ?? true);
  if (o.fromOpenYaml) {
    const fromDoc = openYamlWorkflow(offered);
    if (fromDoc) return whole(fromDoc);
  }
  if (!offered.length) {
    void vscode.window.showInformationMessage(
      !cluster.isConnected ? NOT_CONNECTED : all.size === 0 ? NONE_KNOWN : (o.none ?? NONE_KNOWN),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(workflowPickItems(offered, failedStepOfAny, new Date()), {
    title: o.title,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return whole(picked?.value);
}

/** The newest of the workflows whose name (or generateName) the YAML open in the editor gives. */
function openYamlWorkflow(offered: Workflow[]): Workflow | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !/\.ya?ml$/i.test(doc.fileName)) return undefined;
  const m = /^\s{2}(name|generateName):\s*['"]?([\w.-]+)/m.exec(doc.getText());
  if (!m) return undefined;
  const [, field, name = ''] = m;
  return offered
    .filter((w) => (field === 'name' ? w.metadata?.name === name : w.metadata?.name?.startsWith(name)))
    .sort((a, b) =>
      String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')),
    )[0];
}

export interface StepPick extends WorkflowPick {
  /** The title of the step list, given the workflow's name. */
  stepTitle: (workflow: string) => string;
  /** Node types offered (default: pods, retries, suspends). */
  types?: readonly string[];
}

/** The step a command is for: the tree element's, or a workflow then a step the user picks (failed first). */
export async function pickStep(
  cluster: ClusterManager,
  el: WorkflowTreeElement | undefined,
  o: StepPick,
): Promise<{ wf: Workflow; node: ArgoNode } | undefined> {
  const wf = await pickWorkflow(cluster, el, o);
  if (!wf) return undefined;
  const nodes = workflowNodes(wf);
  const name = wf.metadata?.name ?? '';
  if (nodes.kind !== 'nodes') {
    void vscode.window.showInformationMessage(`Argo Doctor: ${name} has no steps yet.`);
    return undefined;
  }
  if (el?.kind === 'node') {
    const node = nodes.nodes[el.nodeId];
    return node ? { wf, node } : undefined;
  }
  const picked = await vscode.window.showQuickPick(
    stepPickItems(Object.values(nodes.nodes), o.types ?? ['Pod', 'Retry', 'Suspend'], MAX_STEP_PICKS),
    { title: o.stepTitle(name), matchOnDescription: true, matchOnDetail: true },
  );
  return picked ? { wf, node: picked.value } : undefined;
}
