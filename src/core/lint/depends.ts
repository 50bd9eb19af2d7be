/**
 * Argo's `depends` expressions: task names with optional `.Result`, combined with &&, ||, ! and parentheses.
 * Mirrors the grammar Argo accepts (workflow/common/ancestry.go, docs "Enhanced Depends").
 */
export const DEPENDS_RESULTS = [
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
] as const;

export interface DependsParse {
  /** Task names referenced, with their offsets in the expression. */
  tasks: { name: string; start: number; end: number }[];
  error?: { message: string; start: number; end: number };
}

type Tok = { t: 'name' | 'op' | 'lp' | 'rp' | 'not'; v: string; start: number; end: number };

function tokenize(expr: string): Tok[] | { message: string; start: number; end: number } {
  const toks: Tok[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (expr.startsWith('&&', i) || expr.startsWith('||', i)) {
      toks.push({ t: 'op', v: expr.slice(i, i + 2), start: i, end: i + 2 });
      i += 2;
    } else if (c === '!') {
      toks.push({ t: 'not', v: c, start: i, end: i + 1 });
      i++;
    } else if (c === '(' || c === ')') {
      toks.push({ t: c === '(' ? 'lp' : 'rp', v: c, start: i, end: i + 1 });
      i++;
    } else if (c === "'" || c === '"') {
      // A quoted name: the controller's expression engine takes it (Argo's own test cases quote names).
      const close = expr.indexOf(c, i + 1);
      if (close < 0) return { message: 'unterminated quote', start: i, end: expr.length };
      toks.push({ t: 'name', v: expr.slice(i + 1, close), start: i + 1, end: close });
      i = close + 1;
    } else if (/[A-Za-z0-9_\-.]/.test(c)) {
      const m = /^[A-Za-z0-9_\-.]+/.exec(expr.slice(i))!;
      toks.push({ t: 'name', v: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else {
      return { message: `unexpected character '${c}'`, start: i, end: i + 1 };
    }
  }
  return toks;
}

/** Parsed expressions, shared by the rules that read `depends` (results are not modified). */
const dependsMemo = new Map<string, DependsParse>();

/** Parses a depends expression; reports the first syntax error. */
export function parseDepends(expr: string): DependsParse {
  let parsed = dependsMemo.get(expr);
  if (!parsed) {
    parsed = parseDependsUncached(expr);
    if (dependsMemo.size > 500) dependsMemo.clear();
    dependsMemo.set(expr, parsed);
  }
  return parsed;
}

function parseDependsUncached(expr: string): DependsParse {
  const toks = tokenize(expr);
  if (!Array.isArray(toks)) return { tasks: [], error: toks };
  const tasks: DependsParse['tasks'] = [];
  let p = 0;
  const fail = (message: string, tok?: Tok): DependsParse => ({
    tasks,
    error: { message, start: tok?.start ?? expr.length, end: tok?.end ?? expr.length },
  });
  // expr := term (op term)* ; term := '!' term | '(' expr ')' | name
  const parseExpr = (): DependsParse | undefined => {
    const e = parseTerm();
    if (e) return e;
    while (p < toks.length && toks[p]!.t === 'op') {
      p++;
      const e2 = parseTerm();
      if (e2) return e2;
    }
    return undefined;
  };
  const parseTerm = (): DependsParse | undefined => {
    const tok = toks[p];
    if (!tok) return fail('expression ends too early');
    if (tok.t === 'not') {
      p++;
      return parseTerm();
    }
    if (tok.t === 'lp') {
      p++;
      const e = parseExpr();
      if (e) return e;
      if (toks[p]?.t !== 'rp') return fail("missing ')'", toks[p]);
      p++;
      return undefined;
    }
    if (tok.t === 'name') {
      p++;
      const dot = tok.v.lastIndexOf('.');
      const suffix = dot > 0 ? tok.v.slice(dot + 1) : undefined;
      if (suffix !== undefined && (DEPENDS_RESULTS as readonly string[]).includes(suffix)) {
        tasks.push({ name: tok.v.slice(0, dot), start: tok.start, end: tok.start + dot });
      } else if (suffix !== undefined && /^[A-Z]/.test(suffix)) {
        return fail(`'${suffix}' is not a task result; use one of ${DEPENDS_RESULTS.join(', ')}`, tok);
      } else {
        tasks.push({ name: tok.v, start: tok.start, end: tok.end });
      }
      return undefined;
    }
    return fail(`unexpected '${tok.v}'`, tok);
  };
  const e = parseExpr();
  if (e) return e;
  if (p < toks.length) return fail(`unexpected '${toks[p]!.v}'`, toks[p]);
  return { tasks };
}

/** A task reference as Argo's validator finds it in a depends expression (by regular expression, not by parsing). */
export interface DependsRef {
  name: string;
  /** The `.Result` after the name, if any (Argo takes any capitalised word there). */
  result?: string;
  start: number;
  end: number;
}

// workflow/common/ancestry.go taskNameRegex: `name.Result` (Result capitalised) or a bare name.
const ARGO_TASK_NAME = /([a-zA-Z0-9][-a-zA-Z0-9]*?\.[A-Z][a-zA-Z]+)|([a-zA-Z0-9][-a-zA-Z0-9]*)/g;

/**
 * The task references Argo's validator reads from a depends expression, whatever its syntax: Argo checks that each
 * names a task and has a known result, and leaves the expression itself to the controller at run time.
 */
export function argoDependsRefs(expr: string): DependsRef[] {
  const out: DependsRef[] = [];
  for (const m of expr.matchAll(ARGO_TASK_NAME)) {
    const start = m.index;
    if (m[1] !== undefined) {
      const dot = m[1].indexOf('.');
      out.push({ name: m[1].slice(0, dot), result: m[1].slice(dot + 1), start, end: start + dot });
    } else out.push({ name: m[2]!, start, end: start + m[2]!.length });
  }
  return out;
}
