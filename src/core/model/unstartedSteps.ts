// Steps a running workflow has not started although nothing before them is left to wait for: Argo creates a step's
// node only when it starts it, so a step held back by a parallelism limit (the workflow's or its template's) has no
// node at all. Found from the templates: the steps of a running step group without a node, and the DAG tasks
// without a node whose dependencies all succeeded.
import type { ArgoNode } from './argoNode';
import { arr, rec, str, type Obj } from './json';
import type { Workflow } from './workflow';
import { templatesOf } from './workflowTemplates';

export interface UnstartedStep {
  /** The step's or task's name in its template. */
  name: string;
  /** The Steps or DAG node it belongs to (its boundary). */
  boundaryId: string;
  /** The template holding the steps or tasks (it may set its own `parallelism`). */
  template: string;
}

/** "load(0:a)" → "load": fan-out children carry their item after the step's name. */
const baseName = (n: ArgoNode) => (n.displayName ?? '').replace(/\(.*\)$/, '');

/** Names a `depends` expression refers to ("a && (b.Failed || c)" → a, b, c). */
const dependsNames = (expr: string) =>
  [...expr.matchAll(/([A-Za-z0-9][\w-]*)(?:\.\w+)?/g)]
    .map((m) => m[1]!)
    .filter((x) => !/^(AnySucceeded|AllFailed)$/.test(x));

/**
 * Steps and DAG tasks not started while their group runs; bounded by the templates' sizes. `nodes`: the workflow's
 * decoded status.nodes (this module does not decode compressed ones: the webview's model imports it).
 */
export function unstartedSteps(wf: Workflow | Obj, nodes: Record<string, ArgoNode>): UnstartedStep[] {
  const templates = templatesOf(wf);
  const byBoundary = new Map<string, ArgoNode[]>();
  for (const n of Object.values(nodes)) {
    if (!n.boundaryID) continue;
    const list = byBoundary.get(n.boundaryID);
    if (list) list.push(n);
    else byBoundary.set(n.boundaryID, [n]);
  }
  const out: UnstartedStep[] = [];
  for (const n of Object.values(nodes)) {
    if (n.phase !== 'Running') continue;
    if (n.type === 'StepGroup') {
      const steps = n.boundaryID ? nodes[n.boundaryID] : undefined;
      const template = str(steps?.templateName);
      const index = Number(/\[(\d+)\]$/.exec(n.displayName ?? '')?.[1] ?? NaN);
      const group = arr(arr(templates.get(template)?.steps)[index]);
      const started = new Set((n.children ?? []).map((c) => (nodes[c] ? baseName(nodes[c]) : '')));
      for (const s of group) {
        const name = str(rec(s).name);
        if (name && !started.has(name)) out.push({ name, boundaryId: steps!.id, template });
      }
    } else if (n.type === 'DAG') {
      const template = str(n.templateName);
      const tasks = arr(rec(templates.get(template)?.dag).tasks).map(rec);
      const phases = new Map<string, string[]>();
      for (const c of byBoundary.get(n.id) ?? []) {
        const name = baseName(c);
        phases.set(name, [...(phases.get(name) ?? []), str(c.phase)]);
      }
      const taskNames = new Set(tasks.map((t) => str(t.name)));
      const succeeded = (name: string) => (phases.get(name) ?? []).some((p) => p === 'Succeeded');
      for (const t of tasks) {
        const name = str(t.name);
        if (!name || phases.has(name)) continue;
        const deps = [...arr(t.dependencies).map(str), ...dependsNames(str(t.depends)).filter((d) => taskNames.has(d))];
        if (deps.every(succeeded)) out.push({ name, boundaryId: n.id, template });
      }
    }
  }
  return out;
}
