import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { Range } from './types';

/**
 * A read-only, null-safe view of a YAML AST node with its source range: `wf.get('spec').get('templates').items()`
 * never throws, and missing parts answer `undefined`. Aliases resolve to their anchor (not expanded).
 */
export class YNode {
  constructor(
    readonly node: Node | null,
    private readonly doc: YDoc,
    /** The map pair this node is the value of, for key ranges. */
    readonly pair?: Pair,
  ) {}

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
    const pair = this.pairs()?.get(key);
    if (!pair) return this.doc.missing;
    // One YNode per pair: rules ask for the same fields again and again.
    let child = this.doc.childCache.get(pair);
    if (!child) {
      child = new YNode((pair.value as Node | null) ?? null, this.doc, pair);
      this.doc.childCache.set(pair, child);
    }
    return child;
  }

  has(key: string): boolean {
    return this.pairs()?.has(key) ?? false;
  }

  /** Key → pair of a map node, built once per node: rules look keys up many times. */
  private pairs(): Map<string, Pair> | undefined {
    const m = this.deref();
    if (!isMap(m)) return undefined;
    let index = this.doc.pairIndex.get(m);
    if (!index) {
      index = new Map();
      for (const item of m.items) {
        if (!isPair(item)) continue;
        const k = keyText(item.key);
        if (k !== undefined && !index.has(k)) index.set(k, item as Pair);
      }
      this.doc.pairIndex.set(m, index);
    }
    return index;
  }

  /** Map entries in source order. */
  entries(): [string, YNode, YNode][] {
    const m = this.deref();
    if (!isMap(m)) return [];
    const out: [string, YNode, YNode][] = [];
    for (const item of m.items) {
      if (!isPair(item)) continue;
      const k = keyText(item.key);
      if (k === undefined) continue;
      out.push([k, new YNode((item.value as Node | null) ?? null, this.doc, item), new YNode(item.key as Node, this.doc)]);
    }
    return out;
  }

  keys(): string[] {
    return this.entries().map(([k]) => k);
  }

  items(): YNode[] {
    const s = this.deref();
    if (!isSeq(s)) return [];
    let list = this.doc.itemsCache.get(s);
    if (!list) {
      list = s.items.map((i) => new YNode((i as Node | null) ?? null, this.doc));
      this.doc.itemsCache.set(s, list);
    }
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
    let n = this.node;
    let hops = 0;
    while (n && isAlias(n) && hops++ < 10) n = (n.resolve(this.doc.doc) as Node | undefined) ?? null;
    return n;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value);
  return undefined;
}

/** One YAML document of a file with what YNode needs to compute ranges. */
export class YDoc {
  /** Per-map key index, filled lazily by YNode. */
  readonly pairIndex = new WeakMap<object, Map<string, Pair>>();
  readonly childCache = new WeakMap<object, YNode>();
  readonly itemsCache = new WeakMap<object, YNode[]>();
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
