import {
  isMap as yamlIsMap,
  isPair as yamlIsPair,
  isScalar as yamlIsScalar,
  isSeq as yamlIsSeq,
  type Node,
} from 'yaml';
import type { LintContext, Rule } from '../context';
import { invocations, templateTags } from '../argo';

// yaml's node guards, bound once: a bundled CommonJS module would otherwise reach each through a getter per call.
const isMap: typeof yamlIsMap = yamlIsMap;
const isPair: typeof yamlIsPair = yamlIsPair;
const isScalar: typeof yamlIsScalar = yamlIsScalar;
const isSeq: typeof yamlIsSeq = yamlIsSeq;

/** Checks what can be checked without evaluating: balanced brackets and quotes, no dangling operator. */
export function expressionProblem(expr: string): string | undefined {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.pop() !== pairs[c]) return `unbalanced '${c}'`;
    }
  }
  if (quote) return `unclosed ${quote} quote`;
  if (stack.length) return `unclosed '${stack[stack.length - 1]}'`;
  const t = expr.trim();
  if (t === '') return 'the expression is empty';
  if (/(&&|\|\||==|!=|<=|>=|[<>+*/%-])\s*$/.test(t) || /^(&&|\|\||==|!=|<=|>=|[<>*/%])/.test(t))
    return 'an operator is missing an operand';
  if (/(^|[^=!<>])=([^=~]|$)/.test(t.replace(/(["'`]).*?\1/g, '""'))) return "'=' assigns; compare with '=='";
  return undefined;
}

const MAY_ESCAPE_EXPRESSION = /\\[xuU\r\n]/;

/** `when:` conditions and `{{= }}` expressions must at least be well-formed. */
export const expressionSyntax: Rule = {
  id: 'expression-syntax',
  severity: 'warning',
  description: 'when conditions and {{= }} expressions must be well-formed.',
  check(ctx) {
    for (const inv of invocations(ctx)) {
      const when = inv.node.get('when');
      const w = when.str();
      if (w === undefined) continue;
      const problem = expressionProblem(w.replace(/\{\{[^}]*\}\}/g, 'x'));
      if (problem) ctx.report(when, `${inv.kind} '${inv.name ?? '?'}' when: ${problem}.`);
    }
    // A value holds '{{=' only if the source does, or spells it with an escape of a double-quoted scalar (\x, \u, \U or
    // an escaped line break, which joins lines): otherwise nothing can match and the walk is skipped.
    const text = ctx.parsed.ydoc.text;
    if (!text.includes('{{=') && !MAY_ESCAPE_EXPRESSION.test(text)) return;
    visitExpressions(ctx, ctx.spec.node, 0);
  },
};

function visitExpressions(ctx: LintContext, n: Node | null, depth: number): void {
  if (!n || depth > 80) return;
  if (isScalar(n) && typeof n.value === 'string' && n.value.includes('{{=')) {
    for (const { tag } of templateTags(n.value)) {
      if (!tag.startsWith('=')) continue;
      const problem = expressionProblem(tag.slice(1));
      if (problem && n.range)
        ctx.report(
          ctx.parsed.ydoc.findRange(`{{${tag}}}`, n.range[0], n.range[1]),
          `expression {{${tag}}}: ${problem}.`,
        );
    }
  } else if (isMap(n)) {
    for (const p of n.items) if (isPair(p)) visitExpressions(ctx, p.value as Node | null, depth + 1);
  } else if (isSeq(n)) {
    for (const i of n.items) visitExpressions(ctx, i as Node | null, depth + 1);
  }
}
