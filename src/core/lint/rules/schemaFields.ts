import {
  isAlias as yamlIsAlias,
  isMap as yamlIsMap,
  isPair as yamlIsPair,
  isScalar as yamlIsScalar,
  isSeq as yamlIsSeq,
  type Node,
} from 'yaml';
import type { Rule, LintContext } from '../context';
import { closest } from '../argo';
import { fieldTable, NEWEST_ARGO, REMOVED_IN_4, versionsWith, type FieldTable } from '../argoVersion';
import { listFormEdits } from '../modernize';

// yaml's node guards, bound once: a bundled CommonJS module would otherwise reach each through a getter per call.
const isAlias: typeof yamlIsAlias = yamlIsAlias;
const isMap: typeof yamlIsMap = yamlIsMap;
const isPair: typeof yamlIsPair = yamlIsPair;
const isScalar: typeof yamlIsScalar = yamlIsScalar;
const isSeq: typeof yamlIsSeq = yamlIsSeq;

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
    const table = fieldTable(ctx.options.argoVersion);
    new Walker(ctx).walk(ctx.root.node, typeOf(`argo.${ctx.kind}`, table), 0);
  },
};

function describe(type: string): string {
  if (type.startsWith('a ')) return type;
  if (type === 'intstr') return 'a whole number or a string';
  if (type.startsWith('[]')) return 'a list';
  if (type.startsWith('{}') || type.includes('.') || type === 'object') return 'a map';
  if (type.startsWith('enum:')) return `one of ${type.slice(5).split('|').join(', ')}`;
  return `a ${type}`;
}

const LIST = 0;
const DICT = 1;
const STRUCT = 2;
const STRING = 3;
const NUMBER = 4;
const BOOLEAN = 5;
const ENUM = 6;
const OTHER = 7;
/** IntOrString: a string, or an integer that fits an int32. */
const INTSTR = 8;
/** A Kubernetes quantity ('500Mi', '1.5', 2): its string form must match Kubernetes' pattern. */
const QUANTITY = 9;
const QUANTITY_FORM = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** A schema type string, decoded once. */
interface TypeInfo {
  type: string;
  kind: number;
  /** The Argo version's field table the type was decoded from. */
  table: FieldTable;
  /** Element type of a list or map ('[]x', '{}x'), decoded on first use. */
  elemType?: string;
  elem?: TypeInfo;
  def?: Record<string, string>;
  /** The fields of a struct (own keys of `def` only), their types decoded on first use. */
  fields?: Map<string, TypeInfo | string>;
  enumValues?: string[];
}

/** Decoded types, per Argo version's table. */
const typeCaches = new Map<FieldTable, Map<string, TypeInfo>>();

function typeOf(type: string, table: FieldTable): TypeInfo {
  let cache = typeCaches.get(table);
  if (!cache) typeCaches.set(table, (cache = new Map()));
  let info = cache.get(type);
  if (info) return info;
  const def = table[type];
  if (type.startsWith('[]')) info = { type, table, kind: LIST, elemType: type.slice(2) };
  else if (type.startsWith('{}')) info = { type, table, kind: DICT, elemType: type.slice(2) };
  else if (def) info = { type, table, kind: STRUCT, def, fields: new Map(Object.entries(def)) };
  else if (type === 'string' || type === 'scalar') info = { type, table, kind: STRING };
  else if (type === 'intstr') info = { type, table, kind: INTSTR };
  else if (type === 'quantity') info = { type, table, kind: QUANTITY };
  else if (type === 'integer' || type === 'number') info = { type, table, kind: NUMBER };
  else if (type === 'boolean') info = { type, table, kind: BOOLEAN };
  else if (type.startsWith('enum:')) info = { type, table, kind: ENUM, enumValues: type.slice(5).split('|') };
  else info = { type, table, kind: OTHER };
  cache.set(type, info);
  return info;
}

function elemOf(info: TypeInfo): TypeInfo {
  return info.elem ?? (info.elem = typeOf(info.elemType!, info.table));
}

/** The type of a struct's field: undefined for an unknown field; not a string for an Object.prototype member. */
function fieldOf(info: TypeInfo, key: string): TypeInfo | unknown {
  const known = info.fields!.get(key);
  if (known !== undefined) {
    if (typeof known !== 'string') return known;
    const decoded = typeOf(known, info.table);
    info.fields!.set(key, decoded);
    return decoded;
  }
  return info.def![key]; // undefined, or an inherited member such as `constructor`
}

function scalarString(n: Node | null): string | undefined {
  return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** YAML 1.1's booleans besides true and false (Argo's YAML reader follows 1.1; ours, 1.2, reads them as strings). */
const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function isYaml11Bool(node: Node): boolean {
  return isScalar(node) && node.type === 'PLAIN' && typeof node.value === 'string' && YAML11_BOOL.test(node.value);
}

/**
 * Fields of Argo's AnyString type: its decoder takes any JSON value without an error, but a map or a list becomes an
 * empty string (only strings, numbers and booleans are kept).
 */
const ANY_STRING: Record<string, ReadonlySet<string>> = {
  'argo.Parameter': new Set(['default', 'value', 'description', 'enum']),
  'argo.ValueFrom': new Set(['default']),
};
/**
 * A step's own keys are checked strictly, but Argo decodes what is below them (arguments, continueOn, hooks, ...)
 * without its unknown-field check: an unknown field there is dropped without a word.
 */
const LENIENT_BELOW = 'argo.WorkflowStep';
/** Marks a list level in a path (keys are strings). */
const ITEMS = null;

/** One walk of a document; the path of the current node is kept as keys and joined only for a finding. */
class Walker {
  private readonly path: (string | null)[] = [];
  /** Inside a step's fields: Argo ignores unknown fields here (see LENIENT_BELOW). */
  private lenient = 0;
  /** Inside an AnyString field: a map or list is accepted and read as ''. */
  private anyString = 0;
  constructor(private readonly ctx: LintContext) {}

  private pathText(): string {
    let out: string = this.ctx.kind;
    for (const p of this.path) out += p === ITEMS ? '[]' : `.${p}`;
    return out;
  }

  walk(raw: Node | null | undefined, info: TypeInfo, depth: number): void {
    let node = raw ?? null;
    for (let i = 0; node && isAlias(node) && i < 10; i++)
      node = (node.resolve(this.ctx.parsed.ydoc.doc) as Node | undefined) ?? null;
    if (depth > 40 || !node) return;
    const kind = info.kind;
    if (isScalar(node)) {
      const v = node.value;
      if (v === null) return;
      if (kind === STRING && info.type === 'string' && !this.anyString) {
        // Go decodes only a JSON string into a string field: a number or a boolean is an error. Argo reads YAML 1.1,
        // where an unquoted yes, no, on, off, y or n is a boolean too.
        if (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && isYaml11Bool(node)))
          this.notAString(node);
        return;
      }
      if (kind === STRING || kind === OTHER) return; // a scalar is always fine where a scalar goes
      if (typeof v === 'string' && v.includes('{{')) return; // a placeholder
      if (kind === QUANTITY) {
        if (typeof v === 'boolean' || (typeof v === 'string' && !QUANTITY_FORM.test(v.trim())))
          this.mismatch(node, 'a quantity such as 500Mi, 2 or 0.5');
        return;
      }
      if (kind === INTSTR) {
        // Go decodes a number into an int32: a fraction, a huge number or a boolean is an error.
        if (typeof v === 'boolean' || (typeof v === 'number' && !(Number.isInteger(v) && Math.abs(v) < 2 ** 31)))
          this.mismatch(node, 'a whole number (or a string)');
        return;
      }
      if (kind === NUMBER) {
        // Go decodes only a JSON number into an integer field: a quoted "2" is an error too.
        if (typeof v === 'string' && (info.type === 'integer' || !NUMERIC.test(v.trim())))
          this.mismatch(node, info.type);
      } else if (kind === BOOLEAN) {
        if (v !== undefined && typeof v !== 'boolean' && !isYaml11Bool(node)) this.mismatch(node, info.type);
      } else if (kind === ENUM) {
        const sv = v === undefined ? undefined : String(v);
        if (sv !== undefined && sv !== '' && !info.enumValues!.includes(sv)) this.mismatch(node, info.type);
      } else this.mismatch(node, info.type); // a list, map or struct
      return;
    }
    const path = this.path;
    if (isMap(node)) {
      if (kind === STRUCT) {
        for (const p of node.items) {
          if (!isPair(p)) continue;
          const key = scalarString(p.key as Node);
          if (key === undefined) continue;
          if (depth === 0 && key === 'status') continue;
          const ft = fieldOf(info, key);
          if (ft === undefined) {
            this.unknown(p.key as Node, key, info, p.value as Node | null);
            continue;
          }
          path.push(key);
          const lenient = info.type === LENIENT_BELOW ? 1 : 0;
          const anyString = ANY_STRING[info.type]?.has(key) ? 1 : 0;
          this.lenient += lenient;
          this.anyString += anyString;
          if (typeof ft === 'object' && ft !== null && 'kind' in ft)
            this.walk(p.value as Node, ft as TypeInfo, depth + 1);
          else this.walkInherited(p.value as Node, ft, depth + 1);
          this.lenient -= lenient;
          this.anyString -= anyString;
          path.pop();
        }
      } else if (kind === DICT) {
        const elem = elemOf(info);
        for (const p of node.items) {
          if (!isPair(p)) continue;
          path.push(scalarString(p.key as Node) ?? '');
          this.walk(p.value as Node, elem, depth + 1);
          path.pop();
        }
      } else if (kind !== OTHER) this.mismatch(node, info.type);
      return;
    }
    if (isSeq(node)) {
      if (kind === LIST) {
        const elem = elemOf(info);
        path.push(ITEMS);
        for (const item of node.items) this.walk(item as Node, elem, depth + 1);
        path.pop();
      } else if (kind !== OTHER) this.mismatch(node, info.type);
      return;
    }
    // An alias left unresolved after 10 hops: neither a list nor a map.
    if (kind === LIST || kind === DICT || kind === STRUCT) this.mismatch(node, info.type);
  }

  /**
   * A key such as `constructor` finds an Object.prototype member in the field table instead of a type string; the
   * walk has always failed on it (as an internal error of the rule) once the value is a real node, and still does.
   */
  private walkInherited(raw: Node | null | undefined, type: unknown, depth: number): void {
    let node = raw ?? null;
    for (let i = 0; node && isAlias(node) && i < 10; i++)
      node = (node.resolve(this.ctx.parsed.ydoc.doc) as Node | undefined) ?? null;
    if (depth > 40 || !node || (isScalar(node) && node.value === null)) return;
    if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{')) return;
    (type as string).startsWith('[]');
  }

  private unknown(keyNode: Node, key: string, info: TypeInfo, value: Node | null): void {
    const ydoc = this.ctx.parsed.ydoc;
    const range = keyNode.range ? ydoc.toRange(keyNode.range[0], keyNode.range[1]) : ydoc.fallbackRange;
    const field = `${this.pathText()}.${key}`;
    const version = this.ctx.options.argoVersion ?? NEWEST_ARGO;
    const plural = REMOVED_IN_4[info.type]?.[key];
    if (plural) {
      // Removed in Argo 4.0; `argo convert` rewrites it, and so does the quick fix.
      const edits = listFormEdits(ydoc, keyNode, value, plural);
      this.ctx.report(
        range,
        `"${field}" was removed in Argo 4.0 (this file is checked for Argo ${version}): use '${plural}', a list.`,
        {
          fixes: edits
            ? [{ title: `Rewrite as '${plural}' (as argo convert does)`, edits, preferred: true }]
            : undefined,
        },
      );
      return;
    }
    const elsewhere = versionsWith(info.type, key);
    const suggestion = closest(key, Object.keys(info.def!));
    const fixes = suggestion
      ? [{ title: `Rename to '${suggestion}'`, edits: [{ range, newText: suggestion }], preferred: true }]
      : undefined;
    if (elsewhere.length) {
      const newer = elsewhere.filter((v) => v > version);
      const when = newer.length
        ? `it came in Argo ${newer[0]}`
        : `Argo ${elsewhere[elsewhere.length - 1]} was the last to have it`;
      this.ctx.report(
        range,
        `"${field}" is not in Argo ${version} (${when})${suggestion ? `: did you mean '${suggestion}'?` : '.'} ` +
          'Set argoDoctor.argoVersion (or --argo-version) to the version you run.',
        { fixes },
      );
      return;
    }
    if (this.lenient) {
      // Argo accepts it and drops it: no error, but the user meant something by it.
      this.ctx.report(
        range,
        `unknown field "${field}"${suggestion ? `: did you mean '${suggestion}'?` : '.'} Argo does not check ` +
          'fields inside a step and drops this one without a word.',
        { fixes, severity: 'warning' },
      );
      return;
    }
    this.ctx.report(range, `unknown field "${field}"${suggestion ? `: did you mean '${suggestion}'?` : '.'}`, {
      fixes,
    });
  }

  /** A number or boolean where Argo wants a string: quoting it is the fix. */
  private notAString(node: Node): void {
    const ydoc = this.ctx.parsed.ydoc;
    if (!node.range) return;
    const range = ydoc.toRange(node.range[0], node.range[1]);
    const raw = ydoc.text.slice(node.range[0], node.range[1]);
    const quoted = JSON.stringify(raw);
    this.ctx.report(
      range,
      `${this.pathText()}: Argo expects a string here and rejects ${raw}, which YAML reads as a ` +
        `${typeof (node as { value?: unknown }).value === 'number' ? 'number' : 'boolean'}: quote it (${quoted}).`,
      { fixes: [{ title: `Quote it: ${quoted}`, edits: [{ range, newText: quoted }], preferred: true }] },
    );
  }

  private mismatch(node: Node, type: string): void {
    const got = isSeq(node) ? 'a list' : isMap(node) ? 'a map' : `'${scalarString(node) ?? ''}'`;
    const ydoc = this.ctx.parsed.ydoc;
    const range = node.range ? ydoc.toRange(node.range[0], node.range[1]) : ydoc.fallbackRange;
    if (this.anyString && (isSeq(node) || isMap(node))) {
      this.ctx.report(
        range,
        `${this.pathText()}: Argo accepts ${got} here but reads it as an empty string; write the value as a string ` +
          '(quote JSON, e.g. value: \'{"a": 1}\').',
        { severity: 'warning' },
      );
      return;
    }
    this.ctx.report(range, `${this.pathText()}: expected ${describe(type)}, found ${got}.`);
  }
}
