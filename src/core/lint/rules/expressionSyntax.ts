import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Rule } from '../context';
import { invocations, templateTags } from '../argo';

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
  if (/(&&|\|\||==|!=|<=|>=|[<>+*/%-])\s*$/.test(t) || /^(&&|\|\||==|!=|<=|>=|[<>*/%])/.test(t)) return 'an operator is missing an operand';
  if (/(^|[^=!<>])=([^=~]|$)/.test(t.replace(/(["'`]).*?\1/g, '""'))) return "'=' assigns; compare with '=='";
  return undefined;
}

/** `when:` conditions and `{{= }}` expressions must at least be well-formed. */
export const expressionSyntax: Rule = {
  id: 'expression-syntax',
  severity: 'warning',
  description: "when conditions and {{= }} expressions must be well-formed.",
  check(ctx) {
    for (const inv of invocations(ctx)) {
      const when = inv.node.get('when');
      const w = when.str();
      if (w === undefined) continue;
      const problem = expressionProblem(w.replace(/\{\{[^}]*\}\}/g, 'x'));
      if (problem) ctx.report(when, `${inv.kind} '${inv.name ?? '?'}' when: ${problem}.`);
    }
    const visit = (n: Node | null, depth: number): void => {
      if (!n || depth > 80) return;
      if (isScalar(n) && typeof n.value === 'string' && n.value.includes('{{=')) {
        for (const { tag } of templateTags(n.value)) {
          if (!tag.startsWith('=')) continue;
          const problem = expressionProblem(tag.slice(1));
          if (problem && n.range) ctx.report(ctx.parsed.ydoc.findRange(`{{${tag}}}`, n.range[0], n.range[1]), `expression {{${tag}}}: ${problem}.`);
        }
      } else if (isMap(n)) {
        for (const p of n.items) if (isPair(p)) visit(p.value as Node | null, depth + 1);
      } else if (isSeq(n)) {
        for (const i of n.items) visit(i as Node | null, depth + 1);
      }
    };
    visit(ctx.spec.node, 0);
  },
};
