import {
  isAlias as yamlIsAlias,
  isMap as yamlIsMap,
  isPair as yamlIsPair,
  isScalar as yamlIsScalar,
  isSeq as yamlIsSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
} from 'yaml';
import type { TemplateType } from './kinds';
import type { Range } from './types';

// yaml's node guards, bound once: a bundled CommonJS module would otherwise reach each through a getter per call.
const isAlias: typeof yamlIsAlias = yamlIsAlias;
const isMap: typeof yamlIsMap = yamlIsMap;
const isPair: typeof yamlIsPair = yamlIsPair;
const isScalar: typeof yamlIsScalar = yamlIsScalar;
const isSeq: typeof yamlIsSeq = yamlIsSeq;

/** What helpers of argo.ts remember about a node (on the node: WeakMaps keyed by nodes keep documents alive longer). */
export interface YNodeMemo {
  types?: TemplateType[];
  groups?: YNode[][];
  deps?: string[];
}

/**
 * A read-only, null-safe view of a YAML AST node with its source range: `wf.get('spec').get('templates').items()`
 * never throws, and missing parts answer `undefined`. Aliases resolve to their anchor (not expanded).
 */
export class YNode {
  /** Key → child of a map node (first pair of a key wins), built on first use; null when not a map. */
  private kids: Map<string, YNode | Pair> | null | undefined = undefined;
  private list: YNode[] | undefined = undefined;
  private resolved: Node | null | undefined = undefined;
  private memoData: YNodeMemo | undefined = undefined;
  private fieldList: readonly (readonly [string, YNode])[] | undefined = undefined;

  constructor(
    readonly node: Node | null,
    private readonly doc: YDoc,
    /** The map pair this node is the value of, for key ranges. */
    readonly pair?: Pair,
  ) {}

  /** Per-node memo for argo.ts helpers. */
  get memo(): YNodeMemo {
    return (this.memoData ??= {});
  }

  get exists(): boolean {
    return this.node !== null && !(isScalar(this.node) && this.node.value === null && this.pair === undefined);
  }
  get isMap(): boolean {
    return isMap(this.node);
  }
  get isSeq(): boolean {
    return isSeq(this.node);
  }
  get isScalar(): boolean {
    return isScalar(this.node);
  }
  /** A key present with an empty value (`foo:`) counts as present but null. */
  get isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null);
  }

  get(key: string): YNode {
    const kids = this.kids === undefined ? this.index() : this.kids;
    if (kids === null) return this.doc.missing;
    const kid = kids.get(key);
    if (kid === undefined) return this.doc.missing;
    if (kid instanceof YNode) return kid;
    // One YNode per pair, made when first asked for: rules ask for the same fields again and again.
    const child = new YNode((kid.value as Node | null) ?? null, this.doc, kid);
    kids.set(key, child);
    return child;
  }

  has(key: string): boolean {
    const kids = this.kids === undefined ? this.index() : this.kids;
    return kids !== null && kids.has(key);
  }

  /** Key → pair (or its YNode once made) of a map node, built on first use. */
  private index(): Map<string, YNode | Pair> | null {
    const m = this.deref();
    let kids: Map<string, YNode | Pair> | null = null;
    if (isMap(m)) {
      kids = new Map();
      for (const item of m.items) {
        if (!isPair(item)) continue;
        const k = keyText(item.key);
        if (k !== undefined && !kids.has(k)) kids.set(k, item as Pair);
      }
    }
    this.kids = kids;
    return kids;
  }

  /** Map entries in source order. */
  entries(): [string, YNode, YNode][] {
    const m = this.deref();
    if (!isMap(m)) return [];
    const kids = this.kids === undefined ? this.index() : this.kids;
    const out: [string, YNode, YNode][] = [];
    for (const item of m.items) {
      if (!isPair(item)) continue;
      const k = keyText(item.key);
      if (k === undefined) continue;
      const known = kids?.get(k);
      const value =
        known === item
          ? this.get(k)
          : known instanceof YNode && known.pair === item
            ? known
            : new YNode((item.value as Node | null) ?? null, this.doc, item as Pair);
      out.push([k, value, new YNode(item.key as Node, this.doc)]);
    }
    return out;
  }

  /** Map entries in source order without their key nodes, built once per node (shared: do not modify). */
  fields(): readonly (readonly [string, YNode])[] {
    if (this.fieldList !== undefined) return this.fieldList;
    const m = this.deref();
    const out: [string, YNode][] = [];
    if (isMap(m)) {
      const kids = this.kids === undefined ? this.index() : this.kids;
      for (const item of m.items) {
        if (!isPair(item)) continue;
        const k = keyText(item.key);
        if (k === undefined) continue;
        const known = kids?.get(k);
        out.push([
          k,
          known === item
            ? this.get(k)
            : known instanceof YNode && known.pair === item
              ? known
              : new YNode((item.value as Node | null) ?? null, this.doc, item as Pair),
        ]);
      }
    }
    this.fieldList = out;
    return out;
  }

  keys(): string[] {
    const m = this.deref();
    if (!isMap(m)) return [];
    const out: string[] = [];
    for (const item of m.items) {
      if (!isPair(item)) continue;
      const k = keyText(item.key);
      if (k !== undefined) out.push(k);
    }
    return out;
  }

  items(): YNode[] {
    if (this.list !== undefined) return this.list;
    const s = this.deref();
    const list: YNode[] = [];
    if (isSeq(s)) for (const i of s.items) list.push(new YNode((i as Node | null) ?? null, this.doc));
    this.list = list;
    return list;
  }

  /** Scalar value as a string (numbers and booleans stringified), or undefined. */
  str(): string | undefined {
    const s = this.deref();
    if (!isScalar(s) || s.value === null || s.value === undefined) return undefined;
    return typeof s.value === 'string' ? s.value : String(s.value);
  }

  /** The raw scalar value. */
  scalar(): unknown {
    const s = this.deref();
    return isScalar(s) ? s.value : undefined;
  }

  num(): number | undefined {
    const v = this.scalar();
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
    return undefined;
  }

  bool(): boolean | undefined {
    const v = this.scalar();
    return typeof v === 'boolean' ? v : undefined;
  }

  /** Plain JS value of a small subtree (aliases bounded by the document's alias guard). */
  js(): unknown {
    const n = this.deref();
    if (!n) return undefined;
    return (n as Node & { toJS(doc: Document, opts: object): unknown }).toJS(this.doc.doc, { maxAliasCount: 100 });
  }

  /** Range of the value (or of the key when the value is empty). */
  range(): Range {
    const n = this.node;
    if (n && n.range) return this.doc.toRange(n.range[0], n.range[1]);
    return this.keyRange();
  }

  /** Range of this node's key in its map, or of the value when it has no key. */
  keyRange(): Range {
    const k = this.pair?.key as Node | undefined;
    if (k?.range) return this.doc.toRange(k.range[0], k.range[1]);
    if (this.node?.range) return this.doc.toRange(this.node.range[0], this.node.range[1]);
    return this.doc.fallbackRange;
  }

  /** The source text of this node (empty when it has none). */
  sourceText(): string {
    const r = this.node?.range;
    return r ? this.doc.text.slice(r[0], r[1]) : '';
  }

  /** Start offset of the value in the file, if any. */
  get offset(): number | undefined {
    return this.node?.range?.[0];
  }

  private deref(): Node | null {
    if (this.resolved !== undefined) return this.resolved;
    let n = this.node;
    let hops = 0;
    while (n && isAlias(n) && hops++ < 10) n = (n.resolve(this.doc.doc) as Node | undefined) ?? null;
    this.resolved = n;
    return n;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value);
  return undefined;
}

/** One YAML document of a file with what YNode needs to compute ranges. */
export class YDoc {
  readonly missing: YNode;
  readonly root: YNode;
  constructor(
    readonly doc: Document,
    private readonly lineCounter: LineCounter,
    readonly fallbackRange: Range,
    /** The whole file's text (as parsed), to find exact ranges inside scalars. */
    readonly text: string = '',
  ) {
    this.missing = new YNode(null, this);
    this.root = new YNode((doc.contents as Node | null) ?? null, this);
  }

  /** Range of `needle` inside the source of [start, end), or of the whole span when not found verbatim. */
  findRange(needle: string, start: number, end: number): Range {
    const i = this.text.indexOf(needle, start);
    return i !== -1 && i + needle.length <= end ? this.toRange(i, i + needle.length) : this.toRange(start, end);
  }

  toRange(start: number, end: number): Range {
    const a = this.lineCounter.linePos(start);
    const b = this.lineCounter.linePos(Math.max(start, end));
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  }
}
