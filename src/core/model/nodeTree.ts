import type { ArgoNode } from './nodes';
import { isFailed } from './phase';

/** An element under a workflow in the sidebar: a node, or a group standing for a large fan-out. */
export type TreeChild =
  | { kind: 'node'; node: ArgoNode }
  | {
      kind: 'fanout';
      parentId: string;
      label: string;
      total: number;
      failed: number;
      succeeded: number;
      running: number;
      page: number;
      pages: number;
    };

export interface NodeTreeOptions {
  /** More children than this that come from one loop are grouped (default 50). */
  groupAbove?: number;
  /** Children shown per page of a group (default 100). */
  pageSize?: number;
}

const GROUPABLE = /\(\d+(:|\))/;

function stepIndex(name: string | undefined): number {
  const m = /\[(\d+)\]$/.exec(name ?? '');
  return m ? Number(m[1]) : 0;
}

function attemptIndex(name: string | undefined): number {
  const m = /\((\d+)\)$/.exec(name ?? '');
  return m ? Number(m[1]) : 0;
}

/** Ordinal comparison: timestamps are ISO 8601 and names ASCII, and Intl collation is slow on 10,000 nodes. */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byStart = (a: ArgoNode, b: ArgoNode) =>
  ordinal(a.startedAt ?? '', b.startedAt ?? '') || ordinal(a.name ?? '', b.name ?? '');

/**
 * The step tree of a workflow as Argo's UI and `argo get` structure it, built once from status.nodes: steps
 * templates show their step groups in order, groups their steps, DAGs their tasks (by start time), retry nodes
 * their attempts, and exit handlers sit at the top. Every node appears exactly once.
 */
export class NodeTree {
  private readonly byId = new Map<string, ArgoNode>();
  private readonly children = new Map<string, string[]>();
  readonly rootIds: string[] = [];
  /** The workflow's own node (id = workflow name, or the top Steps/DAG node). */
  readonly rootId: string | undefined;

  constructor(
    readonly workflowName: string,
    nodes: Record<string, ArgoNode>,
    private readonly opts: NodeTreeOptions = {},
  ) {
    for (const [id, n] of Object.entries(nodes))
      if (n && typeof n === 'object') this.byId.set(id, n.id ? n : { ...n, id });
    const byBoundary = new Map<string, ArgoNode[]>();
    for (const n of this.byId.values()) {
      if (!n.boundaryID) continue;
      const list = byBoundary.get(n.boundaryID) ?? [];
      list.push(n);
      byBoundary.set(n.boundaryID, list);
    }
    // Attempts of a retry and items of a loop share the DAG's boundary, but belong under their Retry/TaskGroup node.
    const owned = new Set<string>();
    for (const n of this.byId.values())
      if (n.type === 'Retry' || n.type === 'TaskGroup') for (const c of n.children ?? []) owned.add(c);
    const placed = new Set<string>();
    const place = (parent: string, kids: ArgoNode[]) => {
      const ids = kids.filter((k) => !placed.has(k.id) && k.id !== parent).map((k) => k.id);
      ids.forEach((i) => placed.add(i));
      this.children.set(parent, ids);
    };
    const root =
      this.byId.get(workflowName) ??
      [...this.byId.values()].find((n) => !n.boundaryID && (n.type === 'Steps' || n.type === 'DAG'));
    this.rootId = root?.id;
    const order: ArgoNode[] = root ? [root] : [];
    if (root) placed.add(root.id);
    // Breadth-first, so each node is placed under its nearest structural parent.
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      const inside = byBoundary.get(n.id) ?? [];
      let kids: ArgoNode[];
      switch (n.type) {
        case 'Steps':
          kids = inside.filter((k) => k.type === 'StepGroup').sort((a, b) => stepIndex(a.name) - stepIndex(b.name));
          break;
        case 'StepGroup':
          kids = (n.children ?? [])
            .map((c) => this.byId.get(c))
            .filter((k): k is ArgoNode => !!k && k.type !== 'StepGroup');
          break;
        case 'DAG':
          kids = inside
            .filter((k) => k.type !== 'StepGroup' && !owned.has(k.id) && !k.name?.endsWith('.onExit'))
            .sort(byStart);
          break;
        case 'Retry':
        case 'TaskGroup':
          kids = (n.children ?? [])
            .map((c) => this.byId.get(c))
            .filter((k): k is ArgoNode => !!k)
            .sort((a, b) => attemptIndex(a.name) - attemptIndex(b.name));
          break;
        default:
          kids = [];
      }
      place(n.id, kids);
      for (const id of this.children.get(n.id) ?? []) order.push(this.byId.get(id)!);
    }
    if (root) this.rootIds.push(...(this.children.get(root.id) ?? []));
    // Exit handlers and anything the structure above did not reach go to the top level, so nothing is lost.
    const rest = [...this.byId.values()].filter((n) => !placed.has(n.id)).sort(byStart);
    for (const n of rest) {
      placed.add(n.id);
      this.rootIds.push(n.id);
      this.children.set(n.id, this.children.get(n.id) ?? []);
    }
    if (root) this.children.set(root.id, this.children.get(root.id) ?? []);
  }

  get size(): number {
    return this.byId.size;
  }

  node(id: string): ArgoNode | undefined {
    return this.byId.get(id);
  }

  /** Children to show under a node (or under the workflow when `id` is undefined), grouping large fan-outs. */
  childrenOf(id: string | undefined, page?: number): TreeChild[] {
    const ids = id === undefined ? this.rootIds : (this.children.get(id) ?? []);
    const nodes = ids.map((i) => this.byId.get(i)!).filter(Boolean);
    const groupAbove = this.opts.groupAbove ?? 50;
    const pageSize = this.opts.pageSize ?? 100;
    const loop = nodes.filter((n) => GROUPABLE.test(n.displayName ?? n.name ?? ''));
    if (loop.length <= groupAbove) return nodes.map((node) => ({ kind: 'node', node }));
    const inLoop = new Set(loop);
    const others = nodes.filter((n) => !inLoop.has(n));
    // Failed first, then running, then the rest, each in order.
    const rank = (n: ArgoNode) => (isFailed(n.phase) ? 0 : n.phase === 'Running' ? 1 : 2);
    const sorted = [...loop].sort((a, b) => rank(a) - rank(b));
    const pages = Math.ceil(sorted.length / pageSize);
    if (page !== undefined)
      return sorted.slice(page * pageSize, (page + 1) * pageSize).map((node) => ({ kind: 'node', node }));
    const count = (f: (n: ArgoNode) => boolean) => loop.filter(f).length;
    const base = (loop[0]!.displayName ?? loop[0]!.name ?? 'items').replace(/\(.*$/, '');
    const group = (p: number): TreeChild => ({
      kind: 'fanout',
      parentId: id ?? '',
      label: pages > 1 ? `${base} ${p * pageSize + 1}–${Math.min((p + 1) * pageSize, loop.length)}` : base,
      total: loop.length,
      failed: count((n) => isFailed(n.phase)),
      succeeded: count((n) => n.phase === 'Succeeded'),
      running: count((n) => n.phase === 'Running'),
      page: p,
      pages,
    });
    return [
      ...others.map((node): TreeChild => ({ kind: 'node', node })),
      ...Array.from({ length: pages }, (_, p) => group(p)),
    ];
  }
}
