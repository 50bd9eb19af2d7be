/**
 * Renders docs/rules/argo-parity.md from the parity cases (test/oracle/parity/cases.ts). Written by
 * scripts/gen-parity-doc.ts; test/unit/lint/parity.test.ts checks the committed file equals this text.
 */
import { NEAR_MISSES, NOT_COVERED, PARITY, UNREACHABLE, WRAPPERS, type ParityCase } from './cases';

const TEST = '../../test/oracle/parity.test.ts';
const UNIT = '../../test/unit/lint/parity.test.ts';

/** Markdown table cells: no pipes or newlines, code spans kept. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function row(c: ParityCase): string {
  return `| ${cell(code(c.error))}${c.note ? ` (${cell(c.note)})` : ''} | ${cell(c.argo)} | [${c.rule}](${c.rule}.md) | [${c.id}](${TEST}) |`;
}

/** The innermost `file:line` a case names (the site that makes the message; wrappers come first), else the text. */
export function innermostSite(argo: string): string {
  const refs = [...argo.matchAll(/([\w/.]+\.go):(\d+)/g)];
  const last = refs[refs.length - 1];
  return last ? `${last[1]}:${last[2]}` : argo;
}

/** How many return sites an unreachable entry names: `validate.go:781, 1019` is two, a range `127-143` one. */
function siteCount(argo: string): number {
  const list = /\.go:([\d, -]+)/.exec(argo)?.[1] ?? '';
  return Math.max(1, list.split(',').filter((x) => x.trim() !== '').length);
}

export function renderParityDoc(): string {
  const cases = PARITY.flatMap((a) => a.cases);
  const sites = new Set(cases.map((c) => innermostSite(c.argo)));
  const out: string[] = [];
  out.push(`# Parity with \`argo lint --offline\``);
  out.push('');
  out.push(
    "Every error Argo's own validation can return when it lints a manifest offline (Argo v4.0.5: strict decoding, " +
      '`workflow/validate/validate.go` and what it calls: template resolution, argument processing, metrics, ' +
      'artifact locations, cron), the lint rule of Argo Doctor that reports the same problem, and the test that ' +
      'shows both: Argo rejects the minimal manifest with that error, and Argo Doctor reports an error from that ' +
      'rule on it.',
  );
  out.push('');
  const uncovered = new Set(NOT_COVERED.map((c) => innermostSite(c.argo)).filter((x) => !sites.has(x)));
  const unreachable = UNREACHABLE.reduce((n, u) => n + siteCount(u.argo), 0);
  out.push(
    `${cases.length} rows with a test, over ${sites.size} error sites (a site is the innermost \`file:line\` a row ` +
      `names; the strict decoder counts as one). Not covered yet: ${NOT_COVERED.length} ` +
      `case${NOT_COVERED.length === 1 ? '' : 's'} ` +
      `(${uncovered.size} sites of their own). Unreachable with \`argo lint --offline\`: ${unreachable} sites. ` +
      'Generated from ' +
      '[test/oracle/parity/cases.ts](../../test/oracle/parity/cases.ts) by `node --import tsx ' +
      'scripts/gen-parity-doc.ts`; do not edit by hand.',
  );
  out.push('');
  out.push(
    `Each case runs in [${'test/oracle/parity.test.ts'}](${TEST}) (Argo's validator, built from its Go module, ` +
      `against our linter) and, for our side alone, in [${'test/unit/lint/parity.test.ts'}](${UNIT}). ` +
      'The "where in Argo" column is `file:line function` in argo-workflows v4.0.5 (`validate.go` is ' +
      '`workflow/validate/validate.go`); where a message comes through a wrapper, the wrapper is named first.',
  );
  for (const { area, cases: list } of PARITY) {
    out.push('');
    out.push(`## ${area}`);
    out.push('');
    out.push('| Argo error | where in Argo | our rule | test |');
    out.push('|---|---|---|---|');
    for (const c of list) out.push(row(c));
  }
  out.push('');
  out.push('## Near misses');
  out.push('');
  out.push(
    'Manifests Argo accepts, close to the checks above: the rule must report no error on them (same tests), so that ' +
      'matching Argo does not come at the price of false alarms.',
  );
  out.push('');
  out.push('| near | rule | test |');
  out.push('|---|---|---|');
  for (const n of NEAR_MISSES) out.push(`| ${cell(n.note)} | [${n.rule}](${n.rule}.md) | [${n.id}](${TEST}) |`);
  out.push('');
  out.push('## Not covered yet');
  out.push('');
  if (NOT_COVERED.length === 0) out.push('None.');
  else {
    out.push(
      'Argo rejects these (the oracle test checks it), but no rule of Argo Doctor reports them yet, or not as an error.',
    );
    out.push('');
    out.push('| Argo error | where in Argo | what is missing |');
    out.push('|---|---|---|');
    for (const c of NOT_COVERED) out.push(`| ${cell(code(c.error))} | ${cell(c.argo)} | ${cell(c.missing)} |`);
  }
  out.push('');
  out.push('## Error sites `argo lint --offline` cannot reach');
  out.push('');
  out.push('Not table rows: no manifest makes `argo lint --offline` return them.');
  out.push('');
  out.push('| Argo error | where in Argo | why it cannot be reached |');
  out.push('|---|---|---|');
  for (const u of UNREACHABLE) out.push(`| ${cell(code(u.error))} | ${cell(u.argo)} | ${cell(u.reason)} |`);
  out.push('');
  out.push('## Wrappers');
  out.push('');
  out.push(
    'These return sites only prefix an error from a site above with where it happened (the template, step or ' +
      'task); their messages are the rows above with the prefix.',
  );
  out.push('');
  for (const w of WRAPPERS) out.push(`- ${w}`);
  out.push('');
  return out.join('\n');
}
