import type { Invocation, LintContext } from './context';
import { TEMPLATE_TYPES, type TemplateType } from './kinds';
import type { ExternalTemplateInfo, ExternalTemplateSource } from './types';
import type { YNode } from './ynode';

/** The types a template declares (shared, do not modify); computed once per template node. */
export function templateTypes(tpl: YNode): TemplateType[] {
  // Memoised on the node itself: a WeakMap keyed by nodes keeps whole documents alive through young-generation GCs.
  return (tpl.memo.types ??= TEMPLATE_TYPES.filter((t) => tpl.has(t)));
}

/** Steps of a steps template, group by group, tolerating a malformed (not list-of-lists) shape (shared, do not modify). */
export function stepGroups(tpl: YNode): YNode[][] {
  return (tpl.memo.groups ??= tpl
    .get('steps')
    .items()
    .map((g) => (g.isSeq ? g.items() : g.isMap ? [g] : [])));
}

export function dagTasks(tpl: YNode): YNode[] {
  return tpl.get('dag').get('tasks').items();
}

/** Every step and DAG task of every template of the document (computed once per document). */
export function invocations(ctx: LintContext): Invocation[] {
  const cached = ctx.invocationList;
  if (cached) return cached;
  const out: Invocation[] = [];
  ctx.invocationList = out;
  for (const t of ctx.templates) {
    stepGroups(t.node).forEach((group, g) => {
      for (const s of group)
        out.push({ kind: 'step', node: s, name: s.get('name').str(), parent: t.node, parentName: t.name, group: g });
    });
    for (const task of dagTasks(t.node))
      out.push({
        kind: 'task',
        node: task,
        name: task.get('name').str(),
        parent: t.node,
        parentName: t.name,
        group: 0,
      });
  }
  return out;
}

/** Names of templates referenced from a template's steps/tasks (local `template:` only). */
export function calledTemplates(tpl: YNode): string[] {
  const names: string[] = [];
  for (const g of stepGroups(tpl)) for (const s of g) pushRefs(s, names);
  for (const t of dagTasks(tpl)) pushRefs(t, names);
  return names;
}

function pushRefs(inv: YNode, names: string[]): void {
  const t = inv.get('template').str();
  if (t) names.push(t);
  const onExit = inv.get('onExit').str();
  if (onExit) names.push(onExit);
  for (const [, hook] of inv.get('hooks').entries()) {
    const h = hook.get('template').str();
    if (h) names.push(h);
  }
}

/** Templates reachable from the given roots through steps, tasks, onExit and hooks. */
export function reachableTemplates(ctx: LintContext, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const tpl = ctx.templateByName.get(name);
    if (tpl) stack.push(...calledTemplates(tpl));
  }
  return seen;
}

/** Templates that run as exit handlers (workflow onExit, step/task onExit, exit hooks) and what they call. */
export function exitHandlerTemplates(ctx: LintContext): Set<string> {
  const roots: string[] = [];
  const wfExit = ctx.spec.get('onExit').str();
  if (wfExit) roots.push(wfExit);
  for (const [, hook] of ctx.spec.get('hooks').entries()) {
    const h = hook.get('template').str();
    if (h) roots.push(h);
  }
  for (const inv of invocations(ctx)) {
    const e = inv.node.get('onExit').str();
    if (e) roots.push(e);
    for (const [, hook] of inv.node.get('hooks').entries()) {
      const h = hook.get('template').str();
      if (h) roots.push(h);
    }
  }
  return reachableTemplates(ctx, roots);
}

/** DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: labels joined by dots. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Argo's workflowFieldNameFmt: names of templates, steps and tasks. */
export const FIELD_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
/** Argo's paramOrArtifactNameFmt. */
export const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;

/** Edit distance counting a swap of two neighbours as one edit (typos like "mian"), for "did you mean". */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a distance proportional to the word's length, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD && d <= limit) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** The `{{...}}` tags in a string, with offsets of the tag text inside the string. */
export function templateTags(s: string): { tag: string; start: number; end: number }[] {
  const out: { tag: string; start: number; end: number }[] = [];
  let i = 0;
  while ((i = s.indexOf('{{', i)) !== -1) {
    const j = s.indexOf('}}', i + 2);
    if (j === -1) break;
    out.push({ tag: s.slice(i + 2, j), start: i, end: j + 2 });
    i = j + 2;
  }
  return out;
}

/** Each artifact location and the field that makes it usable (Argo's HasLocation / GetKey); raw needs none. */
const ARTIFACT_LOCATION_KEYS: Record<string, string | undefined> = {
  s3: 'key',
  gcs: 'key',
  oss: 'key',
  azure: 'blob',
  hdfs: 'path',
  artifactory: 'url',
  http: 'url',
  plugin: 'key',
  raw: undefined,
  // A git location without its repo is artifact-location's finding (Argo reports that one first).
  git: undefined,
};

/** An artifact names where it lives (Argo's Artifact.HasLocationOrKey): a location with its key, or raw data. */
export function artifactHasLocationOrKey(a: YNode): boolean {
  for (const [loc, key] of Object.entries(ARTIFACT_LOCATION_KEYS)) {
    const l = a.get(loc);
    if (!l.exists || l.isNull) continue;
    if (key === undefined) return true;
    const v = l.get(key).str();
    if (v !== undefined && v !== '') return true;
  }
  return false;
}

/** Argo's order in Template.GetType(): the first type present is the template's type. */
const ARGO_TYPE_ORDER: readonly TemplateType[] = [
  'container',
  'containerSet',
  'steps',
  'dag',
  'script',
  'resource',
  'data',
  'suspend',
  'http',
  'plugin',
];

/** The template's type as Argo sees it (the first of Template.GetType()'s order), or undefined for none. */
export function argoTemplateType(tpl: YNode): TemplateType | undefined {
  const types = templateTypes(tpl);
  return ARGO_TYPE_ORDER.find((t) => types.includes(t));
}

/**
 * Argo's Template.IsLeaf(): the template runs one pod (or an agent task) of its own; steps, dag and suspend do not.
 * False when the template has no type.
 */
export function isLeafTemplate(tpl: YNode): boolean {
  const t = argoTemplateType(tpl);
  return t !== undefined && t !== 'steps' && t !== 'dag' && t !== 'suspend';
}

/**
 * An input parameter has a value of its own: a value, a default, or a valueFrom that Argo resolves without the
 * caller (a ConfigMap, a value supplied while suspended, an event). Other valueFrom sources (path, expression, a
 * default alone) leave it unsupplied, as Argo's ProcessArgs sees it.
 */
export function parameterHasOwnValue(p: YNode): boolean {
  if ((p.has('value') && !p.get('value').isNull) || p.has('default')) return true;
  const vf = p.get('valueFrom');
  return vf.has('configMapKeyRef') || vf.has('supplied') || vf.has('event');
}

/** A field Go sees as set: present, not null, and not an empty string (Argo's omitempty strings). */
export function isSet(n: YNode, key: string): boolean {
  const v = n.get(key);
  return v.exists && !v.isNull && v.str() !== '';
}

/** The WorkflowTemplate or ClusterWorkflowTemplate a templateRef or workflowTemplateRef names, if known. */
export function refSource(ctx: LintContext, ref: YNode): ExternalTemplateSource | undefined {
  if (!ref.exists) return undefined;
  const kind = ref.get('clusterScope').bool() ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  return ctx.index.get(kind, ref.get('name').str() ?? '');
}

/** The template a templateRef names (its name and template), if known. */
export function refTemplate(ctx: LintContext, ref: YNode): ExternalTemplateInfo | undefined {
  return refSource(ctx, ref)?.templates.get(ref.get('template').str() ?? '');
}
