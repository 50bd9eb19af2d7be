import { escapeMarkdown } from '../model/present';
import type { Diagnosis } from './diagnose';

export interface ReportSubject {
  workflow?: string;
  step?: string;
  namespace?: string;
}

const title = (s: ReportSubject) =>
  [
    // The workflow's own root node is the workflow, not a step of it.
    s.step && s.step !== s.workflow && `step ${s.step}`,
    s.workflow && `${s.step && s.step !== s.workflow ? 'of ' : ''}workflow ${s.workflow}`,
    s.namespace && `(namespace ${s.namespace})`,
  ]
    .filter(Boolean)
    .join(' ');

/** "Why step x failed", or for one that has not ended "Why step x is waiting" (or "has not finished"). */
const heading = (d: Diagnosis, name: string) =>
  d.waiting === undefined
    ? `Why ${name} failed`
    : d.waiting.startsWith('waiting')
      ? `Why ${name} is waiting`
      : `Why ${name} has not finished`;

/** The diagnosis as plain text, for terminals and logs. */
export function reportText(d: Diagnosis, s: ReportSubject = {}): string {
  const lines = [
    heading(d, title(s) || 'the step'),
    '',
    ...(d.waiting ? [`Now: ${d.waiting}`, ''] : []),
    d.cause,
    '',
    `Root cause: ${d.rootCause} (confidence ${Math.round(d.confidence * 100)}%)`,
  ];
  if (d.secondaryCauses.length) lines.push(`Also seen: ${d.secondaryCauses.join(', ')}`);
  if (d.evidence.length) lines.push('', 'Evidence:', ...d.evidence.map((e) => `  - ${e.replace(/\n/g, '\n    ')}`));
  if (d.fixes.length) lines.push('', 'What to change:', ...d.fixes.map((f) => `  - ${f}`));
  if (d.docs.length) lines.push('', 'Read more:', ...d.docs.map((u) => `  ${u}`));
  return `${lines.join('\n')}\n`;
}

/**
 * The diagnosis as Markdown. Cluster text (messages, log lines) is escaped or fenced, so it cannot add links,
 * images or HTML; our own fix texts keep their `code` spans.
 */
export function reportMarkdown(d: Diagnosis, s: ReportSubject = {}): string {
  const fence = (t: string) => `\`\`\`text\n${t.replace(/```/g, '`\u200b``')}\n\`\`\``;
  const out = [`# ${heading(d, escapeMarkdown(title(s) || 'the step'))}`, ''];
  if (d.waiting) out.push(`**Now:** ${escapeMarkdown(d.waiting)}`, '');
  out.push(escapeMarkdown(d.cause), '');
  const also = d.secondaryCauses.map((c) => `\`${c}\``).join(', ');
  out.push(
    `**Root cause:** \`${d.rootCause}\` · confidence ${Math.round(d.confidence * 100)}%` +
      `${also ? ` · also seen: ${also}` : ''}`,
    '',
  );
  out.push('## What to change', '', ...d.fixes.map((f) => `- ${f}`), '');
  if (d.evidence.length)
    out.push('## Evidence', '', ...d.evidence.map((e) => (e.includes('\n') ? fence(e) : `- ${escapeMarkdown(e)}`)), '');
  if (d.docs.length) out.push('## Read more', '', ...d.docs.map((u) => `- <${u}>`), '');
  return out.join('\n');
}
