// Rewrites a singular field Argo 4.0 removed into its list form, as `argo convert` does: `schedule: X` →
// `schedules: [X]`, `semaphore:`/`mutex:` maps → `semaphores:`/`mutexes:` lists of one. Edits keep the rest of the
// file (comments, layout) as it is.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { TextEdit } from './types';
import type { YDoc } from './ynode';

/** The edits that turn `key: value` into `plural: [value]`; undefined when the value's shape is not one we rewrite. */
export function listFormEdits(ydoc: YDoc, keyNode: Node, value: Node | null, plural: string): TextEdit[] | undefined {
  if (!keyNode.range) return undefined;
  const rename: TextEdit = { range: ydoc.toRange(keyNode.range[0], keyNode.range[1]), newText: plural };
  if (!value?.range || isSeq(value)) return undefined;
  const [start, end] = value.range;
  const text = ydoc.text;
  const flow = isScalar(value) || (isMap(value) && text[start] === '{');
  if (flow) {
    // Same line: wrap in a flow list.
    return [
      rename,
      { range: ydoc.toRange(start, start), newText: '[' },
      { range: ydoc.toRange(end, end), newText: ']' },
    ];
  }
  if (!isMap(value)) return undefined;
  // A block map: make it the one item of a block list ("- " before its first line, its other lines two deeper).
  const edits: TextEdit[] = [rename, { range: ydoc.toRange(start, start), newText: '- ' }];
  const firstCol = start - (text.lastIndexOf('\n', start - 1) + 1);
  for (let i = text.indexOf('\n', start); i !== -1 && i + 1 < end; i = text.indexOf('\n', i + 1)) {
    const lineStart = i + 1;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent < firstCol) break;
    edits.push({ range: ydoc.toRange(lineStart, lineStart), newText: '  ' });
  }
  return edits;
}
