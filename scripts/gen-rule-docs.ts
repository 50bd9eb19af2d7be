// Writes docs/rules/<rule-id>.md for every lint rule and the index docs/rules.md, from the rules' own metadata.
// Run: node --import tsx scripts/gen-rule-docs.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { rules } from '../src/core/lint/registry';

const FILE_RULES: { id: string; severity: string; description: string }[] = [
  {
    id: 'yaml-syntax',
    severity: 'error',
    description: 'The file must be valid YAML; other documents of the file are still linted.',
  },
  {
    id: 'duplicate-key',
    severity: 'warning',
    description: 'A key appears twice in one map; Kubernetes keeps only the last value.',
  },
  {
    id: 'yaml-alias-limit',
    severity: 'error',
    description: 'YAML aliases that expand to a huge document ("alias bomb") are refused.',
  },
  {
    id: 'file-too-large',
    severity: 'warning',
    description: 'Files over 5 MB are not linted; Kubernetes objects must stay under about 1 MB.',
  },
  {
    id: 'helm-template',
    severity: 'information',
    description: 'Helm chart templates are not plain YAML: lint the output of `helm template` instead.',
  },
];

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const all = [
  ...rules.map((r) => ({
    id: r.id,
    severity: r.severity,
    description: r.description,
    kinds: r.kinds,
    beyondArgo: r.beyondArgo,
    partlyBeyondArgo: r.partlyBeyondArgo,
  })),
  ...FILE_RULES,
];
/** Rules whose reason is neither "Argo rejects it" nor "Argo accepts it but it will hurt". */
const WHY: Record<string, string> = {
  'argument-value-missing':
    '`argo lint` accepts a workflow argument without a value: it is meant to come from `argo submit -p name=value`. ' +
    'Argo rejects the workflow at submit when nothing supplies it, so Argo Doctor reminds you which ones must be given. ' +
    "A CronWorkflow's runs are submitted by the controller with nothing to supply them: there, `argo lint` rejects it, " +
    'and Argo Doctor reports an error.',
};
/** Whether Argo's own validation (argo lint) rejects what the rule reports: the parity column of the index. */
function parity(r: (typeof all)[number]): string {
  if (r.severity !== 'error') return '—';
  if ('beyondArgo' in r && r.beyondArgo) return '**beyond Argo**';
  if ('partlyBeyondArgo' in r && r.partlyBeyondArgo) return 'Argo, partly beyond';
  return 'Argo';
}
for (const r of all) {
  const whollyBeyond = 'beyondArgo' in r && r.beyondArgo ? r.beyondArgo : undefined;
  const beyond = whollyBeyond
    ? '\n\nThis rule goes **beyond Argo**: it is measured apart from the rules at parity with `argo lint`, see ' +
      '[the differential test](lint-differential.md).'
    : 'partlyBeyondArgo' in r && r.partlyBeyondArgo
      ? `\n\n**Partly beyond Argo:** ${r.partlyBeyondArgo} Those findings are measured apart: see [the differential test](lint-differential.md).`
      : '';
  const why =
    WHY[r.id] ??
    (whollyBeyond
      ? `Argo's own validation lets this through, but the workflow will fail later: ${whollyBeyond}`
      : undefined) ??
    (r.severity === 'error'
      ? "Argo's own validation (the `argo` CLI, the workflow controller or the Kubernetes API server) rejects the manifest, so the workflow never starts, or fails at once. Argo Doctor tells you before you submit, at the exact place, together with every other problem of the file."
      : 'Argo accepts this, but it tends to hurt later: failed runs that are hard to explain, evidence that is gone when you need it, or load on the cluster. Argo Doctor points it out while you write the workflow.');
  const text = `# ${r.id}

**Severity:** ${r.severity}${'kinds' in r && Array.isArray(r.kinds) ? ` · applies to ${(r.kinds as string[]).join(', ')}` : ''}

## What it checks
${r.description}

## Why it matters
${why}${beyond}

## How to fix it
Read the message in the Problems panel: it names the field and, where one is clear, offers a quick fix
(light bulb, or \`Ctrl+.\`). The CLI prints the same message: \`argo-doctor lint path/to/workflow.yaml\`.

## Turning it off
Set its severity in your settings: \`"argoDoctor.lint.rules": { "${r.id}": "off" }\` (or \`"warning"\`, \`"information"\`).
`;
  writeFileSync(path.join(dir, `${r.id}.md`), text);
}
const index = `# Lint rules

Every rule Argo Doctor checks, in the editor and in \`argo-doctor lint\`. Errors are what Argo itself rejects;
warnings and notes are what Argo accepts but will hurt later. [Parity with \`argo lint --offline\`](rules/argo-parity.md)
maps every error Argo's validation returns to the rule that reports it, each with a test.

The *Argo* column says who rejects what an error reports: *Argo* (its own validation, \`argo lint\`, rejects it too),
*beyond Argo* (Argo accepts it; the workflow fails later, at the Kubernetes API or at run time), or *partly beyond*.
[How closely the linter agrees with Argo](rules/lint-differential.md) is measured on thousands of mutated manifests.

| rule | severity | Argo | what it checks |
|---|---|---|---|
${all.map((r) => `| [${r.id}](rules/${r.id}.md) | ${r.severity} | ${parity(r)} | ${r.description.replace(/\|/g, '\\|')} |`).join('\n')}
`;
writeFileSync(path.join(root, 'docs', 'rules.md'), index);
console.log(`gen-rule-docs: ${all.length} rules documented`);
