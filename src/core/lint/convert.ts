// `argo-doctor convert`: rewrites the fields Argo 4.0 removed into their list forms, as `argo convert` does, keeping
// everything else of the file byte for byte.
import { lintText } from './lint';
import type { TextEdit } from './types';

export interface Converted {
  text: string;
  /** One line per rewrite, e.g. "line 5: schedule → schedules". */
  changes: string[];
}

export function convertText(text: string): Converted {
  const edits: TextEdit[] = [];
  const changes: string[] = [];
  for (const f of lintText(text, { argoVersion: '4.1' })) {
    const fix = f.fixes?.find((x) => x.title.startsWith('Rewrite as'));
    if (f.ruleId !== 'unknown-field' || !fix) continue;
    edits.push(...fix.edits);
    changes.push(`line ${f.range.start.line + 1}: ${fix.title.replace(/ \(.*\)$/, '')}`);
  }
  return { text: applyEdits(text, edits), changes };
}

/** Applies non-overlapping edits (LSP positions: 0-based lines, UTF-16 characters). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
