/**
 * Seeded mutations of Argo manifests for the differential test (issue #15): each mutation is one small, plausible
 * mistake a user makes (remove or rename a field, break a template or task reference, a {{variable}}, a depends
 * expression, a type, a name; duplicate a name; an out-of-range value, ...), applied to one document of a file
 * through the YAML syntax tree, so that the result is always YAML and the rest of the file is untouched.
 *
 * Deterministic: the same seed, text and count give the same mutants on every machine.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, YAMLMap, YAMLSeq, type Document, type Pair } from 'yaml';

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A string's hash, to derive a file's seed from its name. */
export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** A map entry in the tree, with its path of keys (numbers for list items). */
interface Entry {
  path: (string | number)[];
  pair: Pair;
  parent: YAMLMap;
}

/** A list in the tree, with its path. */
interface List {
  path: (string | number)[];
  seq: YAMLSeq;
}

function keyOf(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : '';
}

function walk(node: unknown, path: (string | number)[], entries: Entry[], lists: List[]): void {
  if (isMap(node)) {
    for (const p of node.items) {
      const k = keyOf(p);
      entries.push({ path: [...path, k], pair: p, parent: node });
      walk(p.value, [...path, k], entries, lists);
    }
  } else if (isSeq(node)) {
    lists.push({ path, seq: node });
    node.items.forEach((item, i) => walk(item, [...path, i], entries, lists));
  }
}

/** The tree of one document, gathered once per mutation. */
interface Tree {
  doc: Document.Parsed;
  entries: Entry[];
  lists: List[];
}

function gather(doc: Document.Parsed): Tree {
  const entries: Entry[] = [];
  const lists: List[] = [];
  walk(doc.contents, [], entries, lists);
  return { doc, entries, lists };
}

const last = (path: (string | number)[]) => path[path.length - 1];
const underSpec = (e: Entry) => e.path[0] === 'spec';
const str = (e: Entry): string | undefined =>
  isScalar(e.pair.value) && typeof e.pair.value.value === 'string' ? e.pair.value.value : undefined;
const num = (e: Entry): number | undefined =>
  isScalar(e.pair.value) && typeof e.pair.value.value === 'number' ? e.pair.value.value : undefined;

function typo(rand: Rand, s: string): string {
  if (s.length < 2) return s + 'x';
  const i = 1 + Math.floor(rand() * (s.length - 1));
  switch (Math.floor(rand() * 4)) {
    case 0:
      return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1); // swap two letters
    case 1:
      return s.slice(0, i) + s.slice(i + 1); // drop one
    case 2:
      return s.slice(0, i) + s[i - 1] + s.slice(i); // double one
    default:
      return s[0]!.toUpperCase() + s.slice(1); // wrong case
  }
}

/** One kind of mistake: changes the tree and says what it did, or returns undefined when it does not apply. */
type Operator = (t: Tree, rand: Rand) => string | undefined;

const REFERENCE_KEYS = new Set(['template', 'entrypoint', 'onExit']);
const NAMED_LISTS = new Set(['templates', 'tasks', 'parameters', 'artifacts', 'containers', 'volumes', 'volumeMounts']);
const BAD_NAMES = ['Bad_Name', 'has space', '-leading', 'a'.repeat(70), '', '1.2', 'UPPER'];
const NUMERIC_KEYS = new Set([
  'parallelism',
  'activeDeadlineSeconds',
  'limit',
  'priority',
  'startingDeadlineSeconds',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
  'secondsAfterCompletion',
  'secondsAfterSuccess',
  'secondsAfterFailure',
  'count',
  'start',
  'end',
  'factor',
]);

export const OPERATORS: Record<string, Operator> = {
  'remove-field': (t, rand) => {
    const es = t.entries.filter(underSpec);
    if (!es.length) return undefined;
    const e = pick(rand, es);
    e.parent.items.splice(e.parent.items.indexOf(e.pair), 1);
    return `removed ${e.path.join('.')}`;
  },
  'rename-field': (t, rand) => {
    const es = t.entries.filter((e) => underSpec(e) && keyOf(e.pair).length > 1);
    if (!es.length) return undefined;
    const e = pick(rand, es);
    const to = typo(rand, keyOf(e.pair));
    e.pair.key = new Scalar(to);
    return `renamed ${e.path.join('.')} to ${to}`;
  },
  'add-unknown-field': (t, rand) => {
    const maps = t.entries.filter((e) => underSpec(e) && isMap(e.pair.value));
    if (!maps.length) return undefined;
    const e = pick(rand, maps);
    (e.pair.value as YAMLMap).set('extraField', 'x');
    return `added ${e.path.join('.')}.extraField`;
  },
  'break-reference': (t, rand) => {
    const es = t.entries.filter((e) => REFERENCE_KEYS.has(keyOf(e.pair)) && str(e) !== undefined);
    if (!es.length) return undefined;
    const e = pick(rand, es);
    (e.pair.value as Scalar).value = `${str(e)}-missing`;
    return `${e.path.join('.')} names a template that does not exist`;
  },
  'break-template-ref': (t, rand) => {
    const es = t.entries.filter((e) => {
      const p = e.path;
      return (p.includes('templateRef') || p.includes('workflowTemplateRef')) && str(e) !== undefined;
    });
    if (!es.length) return undefined;
    const e = pick(rand, es);
    (e.pair.value as Scalar).value = typo(rand, str(e)!);
    return `${e.path.join('.')} changed to ${str(e)}`;
  },
  'break-variable': (t, rand) => {
    const es = t.entries.filter((e) => underSpec(e) && /\{\{[^}]+\}\}/.test(str(e) ?? ''));
    if (!es.length) return undefined;
    const e = pick(rand, es);
    const s = str(e)!;
    const vars = [...s.matchAll(/\{\{([^}]+)\}\}/g)];
    const v = pick(rand, vars);
    const inner = v[1]!;
    let to: string;
    switch (Math.floor(rand() * 4)) {
      case 0:
        to = `{{${inner.replace(/([\w-]+)(\s*)$/, (_m, w: string, sp: string) => typo(rand, w) + sp)}}}`;
        break;
      case 1:
        to = `{{${inner.replace(/^(\s*)([\w-]+)/, (_m, sp: string, w: string) => sp + typo(rand, w))}}}`;
        break;
      case 2:
        to = `{{${inner}}`; // one brace short
        break;
      default:
        to = `{{${inner.replace(/\.([\w-]+)\./, '.nosuch.')}}}`;
    }
    (e.pair.value as Scalar).value = s.slice(0, v.index) + to + s.slice(v.index! + v[0].length);
    return `${e.path.join('.')}: ${v[0]} became ${to}`;
  },
  'break-depends': (t, rand) => {
    const es = t.entries.filter((e) => keyOf(e.pair) === 'depends' && str(e) !== undefined);
    const deps = t.lists.filter((l) => last(l.path) === 'dependencies');
    if (!es.length && !deps.length) return undefined;
    if (deps.length && (!es.length || rand() < 0.3)) {
      const l = pick(rand, deps);
      l.seq.add(new Scalar('no-such-task'));
      return `${l.path.join('.')} names a task that does not exist`;
    }
    const e = pick(rand, es);
    const s = str(e)!;
    const names = [...s.matchAll(/[A-Za-z_][\w-]*/g)].filter(
      (m) => !/^(Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed)$/.test(m[0]),
    );
    let to: string;
    const r = Math.floor(rand() * 3);
    if (r === 0 && names.length) {
      const m = pick(rand, names);
      to = s.slice(0, m.index) + typo(rand, m[0]) + s.slice(m.index + m[0].length);
    } else if (r === 1) to = `${s} &&`;
    else to = `${s}.Finished`;
    (e.pair.value as Scalar).value = to;
    return `${e.path.join('.')}: '${s}' became '${to}'`;
  },
  'self-dependency': (t, rand) => {
    const tasks = t.lists.filter((l) => last(l.path) === 'tasks' && l.seq.items.some(isMap));
    if (!tasks.length) return undefined;
    const l = pick(rand, tasks);
    const items = l.seq.items.filter(isMap) as YAMLMap[];
    const a = pick(rand, items);
    const b = pick(rand, items);
    const bName = b.get('name');
    if (typeof bName !== 'string') return undefined;
    // a depends on b (a itself, or closing a cycle when b depends on a)
    if (typeof a.get('depends') === 'string') a.set('depends', `${a.get('depends') as string} && ${bName}`);
    else if (isSeq(a.get('dependencies', true)))
      (a.get('dependencies', true) as unknown as YAMLSeq).add(new Scalar(bName));
    else a.set('depends', bName);
    return `task ${String(a.get('name'))} now depends on ${bName}`;
  },
  'wrong-type': (t, rand) => {
    const es = t.entries.filter(underSpec);
    if (!es.length) return undefined;
    const e = pick(rand, es);
    const v = e.pair.value;
    let what: string;
    if (isMap(v) || isSeq(v)) {
      e.pair.value = new Scalar('x');
      what = 'a string';
    } else if (num(e) !== undefined || typeof (v as Scalar | null)?.value === 'boolean') {
      e.pair.value = new Scalar('abc');
      what = 'a string';
    } else if (rand() < 0.5) {
      const m = new YAMLMap();
      m.set('a', 1);
      e.pair.value = m;
      what = 'a map';
    } else {
      const s = new YAMLSeq();
      s.add(new Scalar(str(e) ?? 'x'));
      e.pair.value = s;
      what = 'a list';
    }
    return `${e.path.join('.')} is ${what}`;
  },
  'bad-name': (t, rand) => {
    const es = t.entries.filter((e) => keyOf(e.pair) === 'name' && str(e) !== undefined && e.path.length >= 3);
    if (!es.length) return undefined;
    const e = pick(rand, es);
    const to = pick(rand, BAD_NAMES);
    (e.pair.value as Scalar).value = to;
    return `${e.path.join('.')} set to '${to}'`;
  },
  'duplicate-name': (t, rand) => {
    const ls = t.lists.filter(
      (l) =>
        (NAMED_LISTS.has(String(last(l.path))) || typeof last(l.path) === 'number') &&
        l.seq.items.some((i) => isMap(i) && typeof i.get('name') === 'string'),
    );
    if (!ls.length) return undefined;
    const l = pick(rand, ls);
    const item = pick(
      rand,
      l.seq.items.filter((i) => isMap(i) && typeof i.get('name') === 'string'),
    ) as YAMLMap;
    l.seq.items.push(item.clone() as YAMLMap);
    return `${l.path.join('.')}: '${String(item.get('name'))}' twice`;
  },
  'out-of-range': (t, rand) => {
    const es = t.entries.filter((e) => NUMERIC_KEYS.has(keyOf(e.pair)) && isScalar(e.pair.value));
    const e = es.length ? pick(rand, es) : undefined;
    if (!e) {
      // No such field yet: add one with a bad value where it belongs.
      const tmpls = t.lists.find((l) => l.path.join('.') === 'spec.templates');
      const target = tmpls && (pick(rand, tmpls.seq.items) as YAMLMap | undefined);
      if (!isMap(target)) return undefined;
      target.set(pick(rand, ['activeDeadlineSeconds', 'parallelism']), -1);
      return `a template got a negative limit`;
    }
    const to = pick(rand, [-1, 0, -100, 'not-a-number', 1e12]);
    e.pair.value = new Scalar(to);
    return `${e.path.join('.')} set to ${to}`;
  },
  'remove-template': (t, rand) => {
    const tmpls = t.lists.find((l) => l.path.join('.') === 'spec.templates');
    if (!tmpls || !tmpls.seq.items.length) return undefined;
    const i = Math.floor(rand() * tmpls.seq.items.length);
    const name = isMap(tmpls.seq.items[i]) ? String((tmpls.seq.items[i] as YAMLMap).get('name')) : '?';
    tmpls.seq.items.splice(i, 1);
    return `removed template ${name}`;
  },
  'empty-value': (t, rand) => {
    const es = t.entries.filter((e) => underSpec(e) && str(e) !== undefined && str(e) !== '');
    if (!es.length) return undefined;
    const e = pick(rand, es);
    (e.pair.value as Scalar).value = '';
    return `${e.path.join('.')} emptied`;
  },
  'steps-shape': (t, rand) => {
    const steps = t.lists.filter((l) => last(l.path) === 'steps' && l.seq.items.some(isSeq));
    if (!steps.length) return undefined;
    const l = pick(rand, steps);
    const i = l.seq.items.findIndex(isSeq);
    const group = l.seq.items[i] as YAMLSeq;
    l.seq.items.splice(i, 1, ...group.items);
    return `${l.path.join('.')}: a group of steps lost its list`;
  },
  'scalar-kind': (t, rand) => {
    // A number where a string goes (args: [5]), a string where a number goes (parallelism: "2"), YAML 1.1 booleans.
    const es = t.entries.filter(
      (e) => underSpec(e) && isScalar(e.pair.value) && !String((e.pair.value as Scalar).value).includes('{{'),
    );
    const items = t.lists.flatMap((l) =>
      l.path[0] === 'spec' ? l.seq.items.filter((i): i is Scalar => isScalar(i) && typeof i.value === 'string') : [],
    );
    if (!es.length && !items.length) return undefined;
    if (items.length && (rand() < 0.3 || !es.length)) {
      const item = pick(rand, items);
      item.value = 5;
      return 'a list item became the number 5';
    }
    const e = pick(rand, es);
    const v = (e.pair.value as Scalar).value;
    if (typeof v === 'number' || typeof v === 'boolean') {
      const sc = new Scalar(String(v));
      sc.type = 'QUOTE_DOUBLE';
      e.pair.value = sc;
      return `${e.path.join('.')} quoted`;
    }
    e.pair.value = new Scalar(pick(rand, [42, true, 'yes', 'off']));
    return `${e.path.join('.')} became ${String((e.pair.value as Scalar).value)}`;
  },
  // Mistake-free edits a user makes too: Argo accepts them, and so must we (false positives show here).
  'add-valid-field': (t, rand) => {
    const tmpls = t.lists.find((l) => l.path.join('.') === 'spec.templates');
    const items = (tmpls?.seq.items ?? []).filter(isMap) as YAMLMap[];
    if (!items.length) return undefined;
    const tpl = pick(rand, items);
    const structural = tpl.has('steps') || tpl.has('dag');
    const choices: [string, unknown][] = structural
      ? [
          ['parallelism', 2],
          ['failFast', false],
        ]
      : [
          ['activeDeadlineSeconds', 600],
          ['retryStrategy', { limit: 2, retryPolicy: 'OnFailure' }],
          ['timeout', '10m'],
        ];
    choices.push(['metadata', { labels: { team: 'data' } }]);
    const [key, value] = pick(rand, choices);
    if (tpl.has(key)) return undefined;
    tpl.set(key, t.doc.createNode(value));
    return `template ${String(tpl.get('name'))} got ${key}`;
  },
  'rename-template': (t, rand) => {
    const tmpls = t.lists.find((l) => l.path.join('.') === 'spec.templates');
    const items = (tmpls?.seq.items ?? []).filter(isMap) as YAMLMap[];
    const named = items.filter((i) => typeof i.get('name') === 'string');
    if (!named.length) return undefined;
    const from = pick(rand, named).get('name') as string;
    const to = `${from}-v2`;
    // Every reference renamed with it: entrypoint, onExit, template: of steps, tasks and hooks.
    for (const e of t.entries)
      if (REFERENCE_KEYS.has(keyOf(e.pair)) && str(e) === from && !e.path.includes('templateRef'))
        (e.pair.value as Scalar).value = to;
    for (const i of named) if (i.get('name') === from) i.set('name', to);
    return `template ${from} renamed to ${to} everywhere`;
  },
  'change-image': (t, rand) => {
    const es = t.entries.filter((e) => keyOf(e.pair) === 'image' && str(e) !== undefined && !str(e)!.includes('{{'));
    if (!es.length) return undefined;
    const e = pick(rand, es);
    (e.pair.value as Scalar).value = pick(rand, ['python:3.12-slim', 'alpine:3.20', 'busybox:1.36']);
    return `${e.path.join('.')} changed to another image`;
  },
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

export interface Mutant {
  /** The seed file's name, the mutant's number and the operator: unique, readable. */
  id: string;
  operator: string;
  /** What the mutation did, for the disagreement list. */
  what: string;
  text: string;
}

const ARGO_KINDS = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

/**
 * Up to `count` mutants of one file: each applies one operator to one Argo document of the file (operators chosen
 * in turn from a seeded shuffle; one that does not apply to the document is skipped for the next).
 */
export function mutants(name: string, text: string, count: number, seed = 1): Mutant[] {
  const base = parseAllDocuments(text);
  if (!Array.isArray(base)) return [];
  const argoDocs = base
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.errors.length === 0 && isMap(d.contents) && ARGO_KINDS.has(String(d.get('kind'))));
  if (!argoDocs.length) return [];
  const rand = prng(hash(name) ^ seed);
  const out: Mutant[] = [];
  for (let attempt = 0; out.length < count && attempt < count * 4; attempt++) {
    const { i } = pick(rand, argoDocs);
    const operator = pick(rand, OPERATOR_NAMES);
    // A fresh parse each time: operators change the tree in place.
    const docs = parseAllDocuments(text) as Document.Parsed[];
    const doc = docs[i]!;
    const what = OPERATORS[operator]!(gather(doc), rand);
    if (what === undefined) continue;
    const [start, , end] = doc.range;
    // doc.range starts at the document marker: the comment before it stays in the text.
    doc.commentBefore = null;
    let body = doc.toString({ lineWidth: 0 });
    if (!body.endsWith('\n')) body += '\n';
    const mutated = text.slice(0, start) + body + text.slice(end);
    if (mutated === text) continue;
    out.push({ id: `${name}#${out.length}:${operator}`, operator, what, text: mutated });
  }
  return out;
}
