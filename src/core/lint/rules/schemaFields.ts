import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Rule, LintContext } from '../context';
import { closest } from '../argo';
import fields from '../schema/fields.json';

type FieldTable = Record<string, Record<string, string>>;
const TABLE = fields as FieldTable;

/**
 * Walks a document along Argo's schema (generated from Argo's JSON schema into schema/fields.json): unknown
 * fields (typos such as `tempate:`) and values of the wrong shape, which Kubernetes' strict decoding rejects.
 * It runs on every keystroke over the whole document, so it walks the raw YAML nodes without wrappers.
 */
export const unknownField: Rule = {
  id: 'unknown-field',
  severity: 'error',
  description: "Fields must be ones Argo knows (catches typos such as 'tempate:'), with values of the right shape.",
  check(ctx) {
    walk(ctx, ctx.root.node, `argo.${ctx.kind}`, ctx.kind, 0);
  },
};

function describe(type: string): string {
  if (type.startsWith('[]')) return 'a list';
  if (type.startsWith('{}') || type.includes('.') || type === 'object') return 'a map';
  if (type.startsWith('enum:')) return `one of ${type.slice(5).split('|').join(', ')}`;
  return `a ${type}`;
}

function deref(ctx: LintContext, n: Node | null | undefined): Node | null {
  let cur = n ?? null;
  for (let i = 0; cur && isAlias(cur) && i < 10; i++) cur = (cur.resolve(ctx.parsed.ydoc.doc) as Node | undefined) ?? null;
  return cur;
}

function scalarString(n: Node | null): string | undefined {
  return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined;
}

function walk(ctx: LintContext, raw: Node | null | undefined, type: string, path: string, depth: number): void {
  const node = deref(ctx, raw);
  if (depth > 40 || !node || (isScalar(node) && node.value === null)) return;
  if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{')) return; // a placeholder
  if (type.startsWith('[]')) {
    if (!isSeq(node)) return mismatch(ctx, node, path, type);
    for (const item of node.items) walk(ctx, item as Node, type.slice(2), `${path}[]`, depth + 1);
    return;
  }
  if (type.startsWith('{}')) {
    if (!isMap(node)) return mismatch(ctx, node, path, type);
    for (const p of node.items) if (isPair(p)) walk(ctx, p.value as Node, type.slice(2), `${path}.${scalarString(p.key as Node) ?? ''}`, depth + 1);
    return;
  }
  const def = TABLE[type];
  if (def) {
    if (!isMap(node)) return mismatch(ctx, node, path, type);
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const key = scalarString(p.key as Node);
      if (key === undefined) continue;
      if (depth === 0 && key === 'status') continue;
      const ft = def[key];
      if (ft === undefined) {
        const keyNode = p.key as Node;
        const range = keyNode.range ? ctx.parsed.ydoc.toRange(keyNode.range[0], keyNode.range[1]) : ctx.parsed.ydoc.fallbackRange;
        const suggestion = closest(key, Object.keys(def));
        ctx.report(range, `unknown field "${path}.${key}"${suggestion ? `: did you mean '${suggestion}'?` : '.'}`, {
          fixes: suggestion ? [{ title: `Rename to '${suggestion}'`, edits: [{ range, newText: suggestion }], preferred: true }] : undefined,
        });
        continue;
      }
      walk(ctx, p.value as Node, ft, `${path}.${key}`, depth + 1);
    }
    return;
  }
  const collection = isMap(node) || isSeq(node);
  if (type === 'string' || type === 'scalar') {
    if (collection) mismatch(ctx, node, path, type);
  } else if (type === 'integer' || type === 'number') {
    const v = isScalar(node) ? node.value : undefined;
    if (collection || (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim()))) mismatch(ctx, node, path, type);
  } else if (type === 'boolean') {
    const v = isScalar(node) ? node.value : undefined;
    if (collection || (v !== undefined && typeof v !== 'boolean')) mismatch(ctx, node, path, type);
  } else if (type.startsWith('enum:')) {
    const v = scalarString(node);
    if (collection || (v !== undefined && v !== '' && !type.slice(5).split('|').includes(v))) mismatch(ctx, node, path, type);
  }
}

function mismatch(ctx: LintContext, node: Node, path: string, type: string): void {
  const got = isSeq(node) ? 'a list' : isMap(node) ? 'a map' : `'${scalarString(node) ?? ''}'`;
  const range = node.range ? ctx.parsed.ydoc.toRange(node.range[0], node.range[1]) : ctx.parsed.ydoc.fallbackRange;
  ctx.report(range, `${path}: expected ${describe(type)}, found ${got}.`);
}
