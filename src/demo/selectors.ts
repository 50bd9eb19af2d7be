import type { StoredEntry } from './entry';
import type { KubeObject } from './world';

type Requirement = (labels: Record<string, string>) => boolean;

/** Parses a label selector (`a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`); undefined when malformed. */
export function parseLabelSelector(selector: string): Requirement[] | undefined {
  const reqs: Requirement[] = [];
  const parts = selector.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const [, k, op, vs] = m;
      const values = vs!
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      reqs.push(op === 'in' ? (l) => values.includes(l[k!] ?? '\u0000') : (l) => !values.includes(l[k!] ?? '\u0000'));
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(p))) {
      const [, k, op, v] = m;
      reqs.push(op === '!=' ? (l) => l[k!] !== v : (l) => l[k!] === v);
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      const k = m[1]!;
      reqs.push((l) => !(k in l));
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      const k = m[1]!;
      reqs.push((l) => k in l);
    } else return undefined;
  }
  return reqs;
}

function fieldValue(obj: KubeObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

/** One requirement of a field selector, with the field's path (`metadata.name`). */
export type FieldRequirement = ((o: KubeObject) => boolean) & { path: string };

/** Parses a field selector (`a.b=c`, `a.b!=c`, comma-separated). */
export function parseFieldSelector(selector: string): FieldRequirement[] | undefined {
  const out: FieldRequirement[] = [];
  for (const raw of selector.split(',')) {
    const p = raw.trim();
    if (!p) continue;
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(p);
    if (!m) return undefined;
    const [, path, op, value] = m;
    const test =
      op === '!='
        ? (o: KubeObject) => (fieldValue(o, path!) ?? '') !== value
        : (o: KubeObject) => (fieldValue(o, path!) ?? '') === value;
    out.push(Object.assign(test, { path: path! }));
  }
  return out;
}

export function matches(
  obj: KubeObject,
  labels: Requirement[] | undefined,
  fields: ((o: KubeObject) => boolean)[] | undefined,
): boolean {
  const l = obj.metadata.labels ?? {};
  return (labels ?? []).every((r) => r(l)) && (fields ?? []).every((f) => f(obj));
}

/**
 * `matches` for a stored entry: labels and `metadata.*` fields are read from its metadata, so a bulk-populated
 * object is only rendered when a selector reads another field (e.g. `status.phase`).
 */
export function entryMatches(
  entry: StoredEntry,
  labels: Requirement[] | undefined,
  fields: FieldRequirement[] | undefined,
): boolean {
  const l = entry.metadata.labels ?? {};
  if (!(labels ?? []).every((r) => r(l))) return false;
  if (!fields?.length) return true;
  const obj = fields.every((f) => f.path.startsWith('metadata.'))
    ? ({ apiVersion: '', kind: '', metadata: entry.metadata } satisfies KubeObject)
    : entry.object();
  return fields.every((f) => f(obj));
}
