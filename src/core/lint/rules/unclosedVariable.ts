import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { LintContext, Rule } from '../context';
import { templateTags } from '../argo';

/**
 * A `{{` without its `}}`, or `{{a} ... }}` that swallows text up to the next `}}`. Argo reads a variable from `{{`
 * to the next `}}` of the step's or template's JSON form; whether its validator then rejects the manifest depends on
 * what follows there, so argo lint catches some of these and not others. Either way the variable is never replaced.
 */
export const unclosedVariable: Rule = {
  id: 'unclosed-variable',
  severity: 'error',
  description: "Every '{{' of a variable must be closed with '}}'.",
  beyondArgo:
    "argo lint rejects most unclosed variables (when no '}}' follows in its JSON form of the step); the others reach " +
    'the workflow unreplaced.',
  check(ctx) {
    const spec = ctx.spec.node;
    if (!spec || !mayBeBroken(ctx.spec.sourceText())) return;
    visit(ctx, spec, 0);
  },
};

/**
 * A quick look at the source: false when every '{{' is closed by a '}}' on the same line with no brace or '{{' in
 * between, so that no string can hold a broken variable (most files; the walk below is for the rest).
 */
function mayBeBroken(text: string): boolean {
  let i = text.indexOf('{{');
  while (i !== -1) {
    const j = text.indexOf('}}', i + 2);
    if (j === -1) return true;
    const tag = text.slice(i + 2, j);
    if (tag.includes('{{') || tag.includes('}') || tag.includes('\n')) return true;
    i = text.indexOf('{{', j + 2);
  }
  return false;
}

function visit(ctx: LintContext, n: Node | null, depth: number): void {
  if (!n || depth > 60) return;
  if (isScalar(n)) {
    if (typeof n.value === 'string' && n.value.includes('{{')) checkString(ctx, n, n.value);
  } else if (isMap(n)) {
    for (const item of n.items) if (isPair(item)) visit(ctx, item.value as Node | null, depth + 1);
  } else if (isSeq(n)) {
    for (const item of n.items) visit(ctx, item as Node | null, depth + 1);
  }
}

function checkString(ctx: LintContext, n: Node, s: string): void {
  const ydoc = ctx.parsed.ydoc;
  const at = (needle: string) => (n.range ? ydoc.findRange(needle, n.range[0], n.range[1]) : ydoc.fallbackRange);
  let last = 0;
  for (const { tag, end } of templateTags(s)) {
    last = end;
    if (tag.includes('{{') && tag.trimStart().startsWith('=')) {
      // An expression cannot hold '{{': the expression was never closed. (Elsewhere, {{steps.{{item}}.x}} is a
      // variable built from another, which Argo fills in two passes.)
      const rest = `{{${tag}`.slice(0, 40).split('\n')[0]!;
      ctx.report(
        at(rest),
        `'${rest}' opens an expression that is not closed with '}}' before the next variable opens.`,
      );
      continue;
    }
    // An expression may hold braces of its own ({{= {"a": 1}["a"] }}).
    if (!tag.includes('}') || tag.trimStart().startsWith('=')) continue;
    const open = tag.slice(0, tag.indexOf('}') + 1);
    ctx.report(
      at(`{{${open}`),
      `'{{${open}' is missing a closing brace: Argo reads '{{${tag}}}' as one variable and never replaces it.`,
    );
  }
  const unclosed = s.indexOf('{{', last);
  if (unclosed === -1) return;
  const rest = s.slice(unclosed, unclosed + 40).split('\n')[0]!;
  ctx.report(at(rest), `'${rest}' opens a variable that is never closed with '}}'.`);
}
