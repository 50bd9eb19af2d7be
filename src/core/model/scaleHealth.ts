// Scale health: what in a session's workflows strains the cluster, found cheaply enough to run on every refresh of
// the sidebar over 10,000 workflows. Finished workflows are known by their metadata (or a summary), so they are only
// counted; node status is looked at only for the workflows that are whole in memory (the unfinished ones and those
// held open), once per object.
import type { ArgoNode } from './argoNode';
import { workflowNodes } from './nodes';
import { isCompleted } from './phase';
import type { Workflow } from './workflow';

export interface ScaleFinding {
  /** Stable per kind and subject ("size:<key>", "kept:<namespace>", "fan-out:<key>"). */
  id: string;
  kind: 'size' | 'kept' | 'fan-out';
  severity: 'warning' | 'info';
  /** One line for the row. */
  title: string;
  /** The evidence, plain text. */
  detail: string;
  /** What to change, plain text. */
  fix: string;
  /** The workflows it is about ("namespace/name"), the worst first. */
  workflows: string[];
}

/** etcd's default request limit; an object near it cannot be updated any more. */
export const ETCD_LIMIT_BYTES = 1.5 * 1024 * 1024;
/** Argo compresses the node status of a workflow over 1 MiB (its default maximum size) into compressedNodes. */
export const ARGO_COMPRESS_BYTES = 1024 * 1024;
/** A workflow this large (as JSON) is reported as approaching the limit. */
export const NEAR_LIMIT_BYTES = 1_000_000;
/** Completed workflows kept in one namespace before it is reported. */
export const KEPT_COMPLETED = 250;
/** …or fewer, when the oldest of them is this old. */
export const KEPT_OLD_DAYS = 30;
export const KEPT_OLD_MIN = 20;
/** Pods under one fan-out before it is reported (when no parallelism limits it). */
export const FAN_OUT_PODS = 1000;

/** From this many nodes in status.nodes, a workflow's size is estimated (about 500 bytes a node) instead of measured. */
const ESTIMATE_FROM_NODES = 5000;
const BYTES_PER_NODE = 500;

const COMPLETED_LABEL = 'workflows.argoproj.io/completed';
const PHASE_LABEL = 'workflows.argoproj.io/phase';

interface Measured {
  bytes: number;
  nodes: number;
  compressed: boolean;
  offloaded: boolean;
  /** The largest fan-out: its parent node and the pod steps under it. */
  fanOut?: { node: ArgoNode; pods: number };
}

/** Measured once per workflow object (a watch never modifies an object: each version is a new one). */
const measured = new WeakMap<Workflow, Measured>();

function measure(wf: Workflow): Measured {
  const known = measured.get(wf);
  if (known) return known;
  const status = wf.status ?? {};
  const parsed = workflowNodes(wf);
  const nodes = parsed.kind === 'nodes' ? parsed.nodes : {};
  let count = 0;
  let fanOut: Measured['fanOut'];
  for (const id in nodes) {
    count++;
    const n = nodes[id]!;
    const kids = n.children ?? [];
    if (kids.length < FAN_OUT_PODS) continue;
    let pods = 0;
    for (const c of kids) {
      const t = nodes[c]?.type;
      if (t === 'Pod' || t === 'Retry') pods++;
    }
    if (!fanOut || pods > fanOut.pods) fanOut = { node: n, pods };
  }
  // Writing out a workflow of thousands of nodes takes long and it is far over the limit anyway: estimated then.
  const plain = status.nodes && typeof status.nodes === 'object' ? count : 0;
  const bytes = plain >= ESTIMATE_FROM_NODES ? plain * BYTES_PER_NODE : jsonLength(wf);
  const m: Measured = {
    bytes,
    nodes: count,
    compressed: typeof status.compressedNodes === 'string' && status.compressedNodes.length > 0,
    offloaded: typeof status.offloadNodeStatusVersion === 'string' && status.offloadNodeStatusVersion.length > 0,
    fanOut,
  };
  measured.set(wf, m);
  return m;
}

/** The length of an object's JSON (0 when it cannot be written: a cycle). */
function jsonLength(v: unknown): number {
  try {
    return JSON.stringify(v)?.length ?? 0;
  } catch {
    return 0;
  }
}

const key = (wf: Workflow) => `${wf.metadata?.namespace ?? ''}/${wf.metadata?.name ?? ''}`;
const fmtBytes = (b: number) => `${(b / 1_000_000).toFixed(2)} MB`;
const n = (v: number) => v.toLocaleString('en-US');
const days = (ms: number) => Math.floor(ms / 86_400_000);

function isDone(wf: Workflow): boolean {
  return (
    wf.metadata?.labels?.[COMPLETED_LABEL] === 'true' ||
    isCompleted(wf.status?.phase ?? wf.metadata?.labels?.[PHASE_LABEL])
  );
}

/**
 * What strains the cluster among these workflows: (1) whole workflows approaching the size limit of an object,
 * (2) namespaces keeping many (or old) completed workflows, with how many of the unfinished ones set no
 * ttlStrategy or podGC, (3) fan-outs of thousands of pods without parallelism. `isWhole` tells which workflows hold
 * their node status (the others are summaries or metadata only and are just counted).
 */
export function scaleHealth(
  workflows: Iterable<Workflow>,
  isWhole: (wf: Workflow) => boolean,
  now: Date = new Date(),
): ScaleFinding[] {
  const out: ScaleFinding[] = [];
  const kept = new Map<
    string,
    { count: number; oldest?: { at: number; key: string }; running: number; noTtl: number }
  >();
  const large: { wf: Workflow; m: Measured }[] = [];
  const fanOuts: { wf: Workflow; m: Measured }[] = [];
  for (const wf of workflows) {
    const ns = wf.metadata?.namespace ?? '';
    let k = kept.get(ns);
    if (!k) kept.set(ns, (k = { count: 0, running: 0, noTtl: 0 }));
    if (isDone(wf)) {
      k.count++;
      // Creation time: every workflow's metadata has it (finishedAt only once a summary was read).
      const at = Date.parse(wf.metadata?.creationTimestamp ?? wf.status?.finishedAt ?? '');
      if (!Number.isNaN(at) && (!k.oldest || at < k.oldest.at)) k.oldest = { at, key: key(wf) };
    } else {
      k.running++;
      if (wf.spec && !wf.spec.ttlStrategy && !wf.spec.podGC && !wf.spec.workflowTemplateRef) k.noTtl++;
    }
    if (!isWhole(wf)) continue;
    const m = measure(wf);
    // Compressed by Argo, a workflow is still reported once it is half-way there (its status keeps growing); a small
    // compressed one (a fan-out of thousands of short nodes: 0.1 MB) is not near any limit.
    if (m.bytes >= NEAR_LIMIT_BYTES || (m.compressed && m.bytes >= NEAR_LIMIT_BYTES / 2)) large.push({ wf, m });
    if (m.fanOut && m.fanOut.pods >= FAN_OUT_PODS && !hasParallelism(wf, m.fanOut.node)) fanOuts.push({ wf, m });
  }

  if (large.length) {
    large.sort((a, b) => b.m.bytes - a.m.bytes);
    const top = large[0]!;
    const offloading = large.some((l) => l.m.offloaded);
    out.push({
      id: 'size',
      kind: 'size',
      severity: large.some(({ m }) => m.bytes >= ARGO_COMPRESS_BYTES || m.compressed) ? 'warning' : 'info',
      title:
        large.length === 1
          ? `${top.wf.metadata?.name ?? '?'} is near the size limit of an object (${fmtBytes(top.m.bytes)}${top.m.nodes ? `, ${n(top.m.nodes)} nodes` : ''})`
          : `${large.length} workflows are near the size limit of an object (largest ${fmtBytes(top.m.bytes)})`,
      detail: [
        ...large
          .slice(0, 5)
          .map(
            ({ wf, m }) =>
              `${key(wf)}: ${fmtBytes(m.bytes)} of etcd's ~${fmtBytes(ETCD_LIMIT_BYTES)} request limit${m.nodes ? `, ${n(m.nodes)} nodes in its status` : ''}${m.compressed ? ', node status already compressed by Argo (it was over 1 MiB)' : ''}${m.offloaded ? ', node status offloaded' : ''}.`,
          ),
        offloading
          ? 'Node status offloading is on for some of them.'
          : 'Node status offloading is off: when the object grows past the limit the controller cannot save it and the workflow errors.',
      ].join(' '),
      fix: 'Turn on node status offloading (persistence.nodeStatusOffLoad: true in the workflow-controller-configmap; it needs a database), or split the workflow: run big fan-outs as child workflows (a resource template that creates a Workflow), and keep outputs small (artifacts instead of large parameters).',
      workflows: large.map((l) => key(l.wf)),
    });
  }

  for (const [ns, k] of [...kept].sort((a, b) => b[1].count - a[1].count)) {
    const age = k.oldest ? now.getTime() - k.oldest.at : 0;
    const old = days(age) >= KEPT_OLD_DAYS && k.count >= KEPT_OLD_MIN;
    if (k.count < KEPT_COMPLETED && !old) continue;
    out.push({
      id: `kept:${ns}`,
      kind: 'kept',
      severity: k.count >= KEPT_COMPLETED * 4 ? 'warning' : 'info',
      title: `${n(k.count)} completed workflows kept in ${ns || '(no namespace)'}${k.oldest ? `, the oldest ${days(age) >= 1 ? `${n(days(age))} days` : `${Math.max(1, Math.floor(age / 3_600_000))} hours`} old` : ''}`,
      detail: [
        `Every completed workflow stays in etcd with its node status until it is deleted; thousands of them load the API server and slow the controller's and this view's lists.`,
        k.oldest ? `The oldest is ${k.oldest.key}.` : '',
        k.noTtl === 1 && k.running === 1
          ? 'The one unfinished workflow there sets neither ttlStrategy nor podGC.'
          : k.noTtl
            ? `${n(k.noTtl)} of the ${n(k.running)} unfinished workflows there set neither ttlStrategy nor podGC.`
            : '',
      ]
        .filter(Boolean)
        .join(' '),
      fix: 'Set spec.ttlStrategy (e.g. secondsAfterCompletion: 86400) and podGC (strategy: OnPodSuccess) in the workflows (lint rule no-deadline-or-ttl), or for every workflow at once workflowDefaults in the workflow-controller-configmap (workflowDefaults: {spec: {ttlStrategy: {secondsAfterCompletion: 86400}}}). Turn on the workflow archive to keep their history in a database.',
      workflows: k.oldest ? [k.oldest.key] : [],
    });
  }

  if (fanOuts.length) {
    fanOuts.sort((a, b) => b.m.fanOut!.pods - a.m.fanOut!.pods);
    const top = fanOuts[0]!;
    const step = top.m.fanOut!.node;
    out.push({
      id: 'fan-out',
      kind: 'fan-out',
      severity: 'warning',
      title:
        fanOuts.length === 1
          ? `${top.wf.metadata?.name ?? '?'} fans out to ${n(top.m.fanOut!.pods)} pods at once (no parallelism)`
          : `${fanOuts.length} workflows fan out to thousands of pods at once (up to ${n(top.m.fanOut!.pods)})`,
      detail: fanOuts
        .slice(0, 5)
        .map(
          ({ wf, m }) =>
            `${key(wf)}: ${n(m.fanOut!.pods)} pods under ${m.fanOut!.node.displayName ?? m.fanOut!.node.name ?? m.fanOut!.node.id}, with no parallelism on the workflow or its template.`,
        )
        .join(' '),
      fix: `Set parallelism on the template that fans out (${step.templateName ?? 'the loop'}'s parent) or on the workflow, so a few hundred pods run at a time (lint rule fan-out-without-parallelism); a semaphore (synchronization) limits it across workflows.`,
      workflows: fanOuts.map((f) => key(f.wf)),
    });
  }
  return out;
}

/** Whether the workflow, or the template the fan-out runs in, limits how many pods run at once. */
function hasParallelism(wf: Workflow, parent: ArgoNode): boolean {
  const limit = (v: unknown) => (typeof v === 'number' && v > 0) || (typeof v === 'string' && v !== '');
  if (limit(wf.spec?.parallelism)) return true;
  const fromTemplate = wf.status?.storedWorkflowTemplateSpec as { parallelism?: unknown } | undefined;
  if (limit(fromTemplate?.parallelism)) return true;
  const templates = Array.isArray(wf.spec?.templates) ? (wf.spec!.templates as unknown[]) : [];
  const stored = Object.values((wf.status?.storedTemplates as Record<string, unknown> | undefined) ?? {});
  const name = parent.templateName ?? parent.templateRef?.template;
  return [...templates, ...stored].some(
    (t) =>
      !!t &&
      typeof t === 'object' &&
      (t as { name?: unknown }).name === name &&
      limit((t as { parallelism?: unknown }).parallelism),
  );
}
