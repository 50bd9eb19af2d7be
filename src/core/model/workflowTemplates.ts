// A workflow's templates: its own, those stored from the WorkflowTemplate it was submitted from, and those Argo
// stored in its status for the templates its steps reference.
import type { ArgoNode } from './argoNode';
import { arr, rec, str, type Obj } from './json';
import type { Workflow } from './workflow';

/** The workflow's templates by name: its own, else those stored from its WorkflowTemplate. */
export function templatesOf(wf: Workflow | Obj): Map<string, Obj> {
  const w = wf as Obj;
  const own = arr(rec(w.spec).templates);
  const stored = arr(rec(rec(rec(w.status).storedWorkflowTemplateSpec)).templates);
  const out = new Map<string, Obj>();
  for (const t of [...stored, ...own]) if (str(rec(t).name)) out.set(str(rec(t).name), rec(t));
  return out;
}

/**
 * The template a node ran: from the workflow's templates (`templates`, when the caller has them already), else from
 * those Argo stored in its status for referenced templates.
 */
export function templateOfNode(
  wf: Workflow,
  n: Pick<ArgoNode, 'templateName' | 'templateRef'>,
  templates: Map<string, Obj> = templatesOf(wf),
): Obj | undefined {
  const name = n.templateName ?? n.templateRef?.template;
  if (!name) return undefined;
  return (
    templates.get(name) ??
    (Object.values(rec(rec(wf.status).storedTemplates)).find((t) => rec(t).name === name) as Obj | undefined)
  );
}
