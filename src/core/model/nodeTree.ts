import type { ArgoNode } from './nodes';
import { byStart } from './nodeOrder';
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

/** The N of an attempt's name "step(N)" (0 for anything else), without a regular expression: it runs per node. */
function attemptIndex(name: string | undefined): number {
  if (!name || name.charCodeAt(name.length - 1) !== 41 /* ) */) return 0;
  let value = 0;
  let scale = 1;
  for (let i = name.length - 2; i >= 0; i--) {
    const c = name.charCodeAt(i);
    if (c === 40 /* ( */) return scale > 1 ? value : 0;
    if (c < 48 || c > 57) return 0;
    value += (c - 48) * scale;
    scale *= 10;
  }
  return 0;
}

interface View {
  nodes: ArgoNode[];
  /** Set when the children are a large fan-out: grouped, in pages. */
  fanout?: {
    others: ArgoNode[];
    /** The loop's items, failed first, then running, then the rest, each in order. */
    sorted: ArgoNode[];
    failed: number;
    succeeded: number;
    running: number;
    base: string;
  };
}

/** Positions `ids` in the order of `key` (stable); `ids` itself when it is in order already, the usual case. */
function sortedBy(ids: number[], key: (i: number) => number): number[] {
  const keys = ids.map(key);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! <= keys[i]!;
  if (ordered) return ids;
  return ids
    .map((_, i) => i)
    .sort((a, b) => keys[a]! - keys[b]! || a - b)
    .map((i) => ids[i]!);
}

/**
 * The step tree of a workflow as Argo's UI and `argo get` structure it, built once from status.nodes: steps
 * templates show their step groups in order, groups their steps, DAGs their tasks (by start time), retry nodes
 * their attempts, and exit handlers sit at the top. Every node appears exactly once.
 *
 * Built for 100,000-node workflows: the nodes are numbered in one pass and placed in a second, breadth-first one
 * that works on those numbers (flags in typed arrays rather than sets of ids); nodes are never copied, and each
 * parent's children (grouped into pages when they are a large fan-out) are worked out when first asked for, then
 * kept.
 */
export class NodeTree {
  /** The nodes, numbered in the order of status.nodes. */
  private readonly list: ArgoNode[] = [];
  /** Number of each node by its key in status.nodes. */
  private readonly index = new Map<string, number>();
  /** Children placed under each node that has any, by number. */
  private readonly kids: (number[] | undefined)[];
  /** Top-level nodes: the root's children, then what the structure did not reach (exit handlers...). */
  private readonly top: number[] = [];
  private readonly views = new Map<string | undefined, View>();
  /** The workflow's own node (id = workflow name, or the top Steps/DAG node). */
  readonly rootId: string | undefined;

  constructor(
    readonly workflowName: string,
    nodes: Record<string, ArgoNode>,
    private readonly opts: NodeTreeOptions = {},
  ) {
    const { list, index } = this;
    for (const key in nodes) {
      const raw = nodes[key];
      if (!raw || typeof raw !== 'object') continue;
      index.set(key, list.length);
      list.push(raw.id ? raw : { ...raw, id: key });
    }
    const count = list.length;
    const kids: (number[] | undefined)[] = (this.kids = new Array<number[] | undefined>(count));
    const numbers = (ids: string[] | undefined) => {
      const out: number[] = [];
      for (const id of ids ?? []) {
        const j = index.get(id);
        if (j !== undefined) out.push(j);
      }
      return out;
    };
    // Attempts of a retry and items of a loop share the DAG's boundary, but belong under their Retry/TaskGroup node.
    const owned = new Uint8Array(count);
    const listed = new Map<number, number[]>();
    const byBoundary = new Map<string, number[]>();
    let topNode = -1;
    for (let i = 0; i < count; i++) {
      const n = list[i]!;
      if (n.boundaryID) {
        const inside = byBoundary.get(n.boundaryID);
        if (inside) inside.push(i);
        else byBoundary.set(n.boundaryID, [i]);
      } else if (topNode < 0 && (n.type === 'Steps' || n.type === 'DAG')) topNode = i;
      if ((n.type === 'Retry' || n.type === 'TaskGroup') && n.children) {
        const cs = numbers(n.children);
        for (const j of cs) owned[j] = 1;
        listed.set(i, cs);
      }
    }
    const placed = new Uint8Array(count);
    const root = index.get(workflowName) ?? (topNode >= 0 ? topNode : undefined);
    this.rootId = root === undefined ? undefined : list[root]!.id;
    const order: number[] = root === undefined ? [] : [root];
    if (root !== undefined) placed[root] = 1;
    const byStartAt = (a: number, b: number) => byStart(list[a]!, list[b]!);
    // Breadth-first, so each node is placed under its nearest structural parent.
    for (let o = 0; o < order.length; o++) {
      const i = order[o]!;
      const n = list[i]!;
      let candidates: number[];
      switch (n.type) {
        case 'Steps':
          candidates = sortedBy(
            (byBoundary.get(n.id) ?? []).filter((k) => list[k]!.type === 'StepGroup'),
            (k) => stepIndex(list[k]!.name),
          );
          break;
        case 'StepGroup':
          candidates = numbers(n.children).filter((k) => list[k]!.type !== 'StepGroup');
          break;
        case 'DAG':
          candidates = (byBoundary.get(n.id) ?? [])
            .filter((k) => {
              const c = list[k]!;
              return !owned[k] && c.type !== 'StepGroup' && !c.name?.endsWith('.onExit');
            })
            .sort(byStartAt);
          break;
        case 'Retry':
        case 'TaskGroup':
          candidates = sortedBy(listed.get(i) ?? [], (k) => attemptIndex(list[k]!.name));
          break;
        default:
          continue;
      }
      const mine: number[] = [];
      for (const k of candidates) {
        if (k === i || placed[k]) continue;
        placed[k] = 1;
        mine.push(k);
        order.push(k);
      }
      if (mine.length) kids[i] = mine;
    }
    if (root !== undefined) this.top.push(...(kids[root] ?? []));
    // Exit handlers and anything the structure above did not reach go to the top level, so nothing is lost.
    if (order.length < count) {
      const rest: number[] = [];
      for (let i = 0; i < count; i++) if (!placed[i]) rest.push(i);
      this.top.push(...rest.sort(byStartAt));
    }
  }

  get size(): number {
    return this.list.length;
  }

  /** Ids of the top-level nodes. */
  get rootIds(): string[] {
    return this.top.map((i) => this.list[i]!.id);
  }

  node(id: string): ArgoNode | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  /** The children of a node (or of the workflow), grouped when they are a large fan-out; worked out once. */
  private view(id: string | undefined): View {
    let v = this.views.get(id);
    if (v) return v;
    const i = id === undefined ? undefined : this.index.get(id);
    const nodes = (id === undefined ? this.top : i === undefined ? [] : (this.kids[i] ?? [])).map((k) => this.list[k]!);
    v = { nodes };
    let loopCount = 0;
    for (const n of nodes) if (GROUPABLE.test(n.displayName ?? n.name ?? '')) loopCount++;
    if (loopCount > (this.opts.groupAbove ?? 50)) {
      const others: ArgoNode[] = [];
      const failed: ArgoNode[] = [];
      const running: ArgoNode[] = [];
      const rest: ArgoNode[] = [];
      let succeeded = 0;
      let base: string | undefined;
      for (const n of nodes) {
        if (!GROUPABLE.test(n.displayName ?? n.name ?? '')) {
          others.push(n);
          continue;
        }
        base ??= (n.displayName ?? n.name ?? 'items').replace(/\(.*$/, '');
        if (isFailed(n.phase)) failed.push(n);
        else if (n.phase === 'Running') running.push(n);
        else rest.push(n);
        if (n.phase === 'Succeeded') succeeded++;
      }
      v.fanout = {
        others,
        // Failed first, then running, then the rest, each in order.
        sorted: failed.concat(running, rest),
        failed: failed.length,
        succeeded,
        running: running.length,
        base: base ?? 'items',
      };
    }
    this.views.set(id, v);
    return v;
  }

  /** Children to show under a node (or under the workflow when `id` is undefined), grouping large fan-outs. */
  childrenOf(id: string | undefined, page?: number): TreeChild[] {
    const v = this.view(id);
    const node = (n: ArgoNode): TreeChild => ({ kind: 'node', node: n });
    const f = v.fanout;
    if (!f) return v.nodes.map(node);
    const pageSize = this.opts.pageSize ?? 100;
    const total = f.sorted.length;
    const pages = Math.ceil(total / pageSize);
    if (page !== undefined) return f.sorted.slice(page * pageSize, (page + 1) * pageSize).map(node);
    const group = (p: number): TreeChild => ({
      kind: 'fanout',
      parentId: id ?? '',
      label: pages > 1 ? `${f.base} ${p * pageSize + 1}–${Math.min((p + 1) * pageSize, total)}` : f.base,
      total,
      failed: f.failed,
      succeeded: f.succeeded,
      running: f.running,
      page: p,
      pages,
    });
    return [...f.others.map(node), ...Array.from({ length: pages }, (_, p) => group(p))];
  }
}
