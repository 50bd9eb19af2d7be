import descriptions from './schema/descriptions.json';
import fields from './schema/fields.json';
import { parseArgoFile } from './parse';
import type { Position, Range } from './types';
import type { YNode } from './ynode';

const TYPES = fields as Record<string, Record<string, string>>;
const DESCRIPTIONS = descriptions as Record<string, Record<string, string>>;

export interface FieldInfo {
  /** Dotted path, e.g. `spec.templates[].retryStrategy`. */
  path: string;
  field: string;
  /** Schema type, e.g. `argo.RetryStrategy`, `string`, `[]argo.Parameter`. */
  type: string;
  description: string | undefined;
  range: Range;
}

const inside = (r: Range, p: Position) =>
  (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) &&
  (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));

/** The Argo field whose key is under the cursor, with its type and documentation. */
export function fieldAt(text: string, pos: Position): FieldInfo | undefined {
  for (const doc of parseArgoFile(text).docs) {
    const found = search(doc.ydoc.root, `argo.${doc.kind}`, doc.kind, pos, 0);
    if (found) return found;
  }
  return undefined;
}

function elementType(type: string): string {
  let t = type;
  while (t.startsWith('[]') || t.startsWith('{}')) t = t.slice(2);
  return t;
}

function search(node: YNode, type: string, path: string, pos: Position, depth: number): FieldInfo | undefined {
  if (depth > 40) return undefined;
  const t = elementType(type);
  const def = TYPES[t];
  if (!def) return undefined;
  const children = node.isSeq ? node.items().flatMap((i) => (i.isSeq ? i.items() : [i])) : [node];
  for (const child of children) {
    for (const [key, value, keyNode] of child.entries()) {
      const ft = def[key];
      if (ft === undefined) continue;
      const p = `${path}${node.isSeq ? '[]' : ''}.${key}`;
      if (inside(keyNode.range(), pos))
        return { path: p, field: key, type: ft, description: DESCRIPTIONS[t]?.[key], range: keyNode.range() };
      const r = value.range();
      if (value.exists && (value.isMap || value.isSeq) && pos.line >= r.start.line && pos.line <= r.end.line) {
        const deeper = search(value, ft, p, pos, depth + 1);
        if (deeper) return deeper;
      }
    }
  }
  return undefined;
}

/** Plain-words name of a schema type for hovers. */
export function typeLabel(type: string): string {
  if (type.startsWith('[]')) return `list of ${typeLabel(type.slice(2))}`;
  if (type.startsWith('{}')) return `map of ${typeLabel(type.slice(2))}`;
  if (type.startsWith('enum:')) return `one of ${type.slice(5).split('|').join(', ')}`;
  if (type === 'scalar') return 'number or string';
  if (type === 'intstr') return 'whole number or string';
  if (type === 'quantity') return 'quantity (e.g. 500Mi, 2, 0.5)';
  return type.replace(/^(argo|core|meta)\./, '');
}
