import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../src/core/lint/lint';
import { MapTemplateIndex } from '../../../src/core/lint/templateIndex';
import type { LintFinding } from '../../../src/core/lint/types';
import { yamlFiles } from '../../support/corpusFiles';
import { CORPUS } from '../../support/paths';

export { yamlFiles };

/** Lints the valid corpora; returns error findings per file. */
export function lintValid(): Map<string, LintFinding[]> {
  const out = new Map<string, LintFinding[]>();
  for (const dir of ['argo-examples', 'argo-valid']) {
    const files = yamlFiles(path.join(CORPUS, dir));
    const index = new MapTemplateIndex();
    for (const f of files) index.addFile(readFileSync(f, 'utf8'), f);
    for (const f of files) {
      const errors = lintText(readFileSync(f, 'utf8'), { externalTemplates: index }).filter(
        (x) => x.severity === 'error',
      );
      out.set(path.relative(CORPUS, f), errors);
    }
  }
  return out;
}

/** Lints each invalid case with the WorkflowTemplates it requires; returns all its findings. */
export function lintInvalid(): Map<string, LintFinding[]> {
  const dir = path.join(CORPUS, 'argo-invalid');
  const deps = new MapTemplateIndex(true);
  const depDir = path.join(dir, 'deps');
  for (const f of yamlFiles(depDir)) deps.addFile(readFileSync(f, 'utf8'), path.relative(dir, f));
  const out = new Map<string, LintFinding[]>();
  for (const f of readdirSync(dir)
    .filter((e) => /\.ya?ml$/.test(e))
    .sort()) {
    const findings = lintText(readFileSync(path.join(dir, f), 'utf8'), { externalTemplates: deps });
    out.set(f, findings);
  }
  return out;
}

/** What an argo-invalid case's `.expect.txt` says Argo reports. */
export interface InvalidExpectation {
  /** The corpus's own label for the defect, e.g. `unresolved-variable` (not one of our rule ids). */
  label: string;
  match: 'exact' | 'contains' | 'any-error';
  /** Argo's message (exact) or the substrings it must contain; empty for any-error. */
  expected: string[];
}

/** Reads `NNN-name.expect.txt` beside the case `NNN-name.yaml` of argo-invalid. */
export function invalidExpectation(file: string): InvalidExpectation {
  const text = readFileSync(path.join(CORPUS, 'argo-invalid', file.replace(/\.ya?ml$/, '.expect.txt')), 'utf8');
  const field = (name: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}:`))
      .map((l) => l.slice(name.length + 1).trim());
  const label = (field('rule')[0] ?? '').replace(/\s*\(corpus label.*$/, '');
  const matchText = field('match')[0] ?? '';
  const match = matchText.startsWith('exact') ? 'exact' : matchText.startsWith('contains') ? 'contains' : 'any-error';
  const expected =
    match === 'exact' ? field('expected_error') : match === 'contains' ? field('expected_error_substring') : [];
  return { label, match, expected };
}
