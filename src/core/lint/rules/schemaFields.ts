import type { Rule, LintContext } from '../context';
import { closest } from '../argo';
import fields from '../schema/fields.json';
import type { YNode } from '../ynode';

type FieldTable = Record<string, Record<string, string>>;
const TABLE = fields as FieldTable;

/**
 * Walks a document along Argo's schema (generated from Argo's JSON schema into schema/fields.json): unknown
 * fields (typos such as `tempate:`) and values of the wrong shape, which Kubernetes' strict decoding rejects.
 */
export const unknownField: Rule = {
  id: 'unknown-field',
  severity: 'error',
  description: "Fields must be ones Argo knows (catches typos such as 'tempate:'), with values of the right shape.",
  check(ctx) {
    walk(ctx, ctx.root, `argo.${ctx.kind}`, ctx.kind, 0);
  },
};

function describe(type: string): string {
  if (type.startsWith('[]')) return 'a list';
  if (type.startsWith('{}') || type.includes('.') || type === 'object') return 'a map';
  if (type.startsWith('enum:')) return `one of ${type.slice(5).split('|').join(', ')}`;
  return `a ${type}`;
}

function walk(ctx: LintContext, node: YNode, type: string, path: string, depth: number): void {
  if (depth > 40 || !node.exists || node.isNull) return;
  const str = node.str();
  if (str !== undefined && str.includes('{{')) return; // a parameter placeholder: its type is only known at run time
  if (type.startsWith('[]')) {
    if (!node.isSeq) return mismatch(ctx, node, path, type);
    for (const item of node.items()) walk(ctx, item, type.slice(2), `${path}[]`, depth + 1);
    return;
  }
  if (type.startsWith('{}')) {
    if (!node.isMap) return mismatch(ctx, node, path, type);
    for (const [k, v] of node.entries()) walk(ctx, v, type.slice(2), `${path}.${k}`, depth + 1);
    return;
  }
  const def = TABLE[type];
  if (def) {
    if (!node.isMap) return mismatch(ctx, node, path, type);
    for (const [key, value, keyNode] of node.entries()) {
      if (path === 'Workflow' || path === ctx.kind) {
        if (key === 'status') continue;
      }
      const ft = def[key];
      if (ft === undefined) {
        const suggestion = closest(key, Object.keys(def));
        ctx.report(keyNode, `unknown field "${path}.${key}"${suggestion ? `: did you mean '${suggestion}'?` : '.'}`, {
          fixes: suggestion ? [{ title: `Rename to '${suggestion}'`, edits: [{ range: keyNode.range(), newText: suggestion }], preferred: true }] : undefined,
        });
        continue;
      }
      walk(ctx, value, ft, `${path}.${key}`, depth + 1);
    }
    return;
  }
  switch (true) {
    case type === 'string' || type === 'scalar':
      if (node.isMap || node.isSeq) mismatch(ctx, node, path, type);
      return;
    case type === 'integer' || type === 'number': {
      if (node.isMap || node.isSeq) return mismatch(ctx, node, path, type);
      const v = node.scalar();
      if (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim())) mismatch(ctx, node, path, type);
      return;
    }
    case type === 'boolean': {
      const v = node.scalar();
      if (node.isMap || node.isSeq || (v !== undefined && typeof v !== 'boolean')) mismatch(ctx, node, path, type);
      return;
    }
    case type.startsWith('enum:'): {
      const v = node.str();
      if (node.isMap || node.isSeq) return mismatch(ctx, node, path, type);
      if (v !== undefined && v !== '' && !type.slice(5).split('|').includes(v)) mismatch(ctx, node, path, type);
      return;
    }
    default:
      return; // object / any: free-form
  }
}

function mismatch(ctx: LintContext, node: YNode, path: string, type: string): void {
  const got = node.isSeq ? 'a list' : node.isMap ? 'a map' : `'${node.str() ?? ''}'`;
  ctx.report(node, `${path}: expected ${describe(type)}, found ${got}.`);
}
