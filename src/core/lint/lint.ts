import { LintContext } from './context';
import { parseArgoFile } from './parse';
import { rules } from './registry';
import { chainIndexes, MapTemplateIndex, sourceFromDoc } from './templateIndex';
import type { Rule } from './context';
import type { ArgoKind } from './kinds';
import type { LintFinding, LintOptions, Severity } from './types';

/** The rules that apply to each kind, in registry order (computed once). */
const rulesByKind = new Map<ArgoKind, readonly Rule[]>();

function rulesFor(kind: ArgoKind): readonly Rule[] {
  let list = rulesByKind.get(kind);
  if (!list) {
    list = rules.filter((rule) => !rule.kinds || rule.kinds.includes(kind));
    rulesByKind.set(kind, list);
  }
  return list;
}

/**
 * Lints every Argo document of a YAML file: syntax errors, then every rule, all findings at once.
 * Never throws: a rule that crashes on odd input becomes one internal-error finding and the rest go on.
 */
export function lintText(text: string, options: LintOptions = {}): LintFinding[] {
  const parsed = parseArgoFile(text, options.maxBytes, { inChartTemplates: options.inChartTemplates });
  const findings: LintFinding[] = [...parsed.findings];
  const local = new MapTemplateIndex();
  parsed.docs.forEach((d) => {
    const s = sourceFromDoc(d, '<this file>');
    if (s) local.add(s);
  });
  const index = chainIndexes(local, options.externalTemplates);
  const settings = options.ruleSeverity;
  for (const doc of parsed.docs) {
    const ctx = new LintContext(doc, options, index, findings);
    const docRules = rulesFor(doc.kind);
    for (let i = 0; i < docRules.length; i++) {
      const rule = docRules[i]!;
      const setting = settings?.[rule.id];
      if (setting === 'off') continue;
      const severity: Severity = setting ?? rule.severity;
      ctx.setRule(rule.id, severity, setting !== undefined, rule.beyondArgo !== undefined);
      try {
        rule.check(ctx);
      } catch (e) {
        findings.push({
          ruleId: 'internal-error',
          severity: 'information',
          message: `Argo Doctor's rule ${rule.id} failed on this document (${e instanceof Error ? e.message : String(e)}); other rules still ran.`,
          range: doc.ydoc.fallbackRange,
          docUrl: 'docs/rules.md',
        });
      }
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return findings;
}
