import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../../src/core/lint/lint';
import { MapTemplateIndex } from '../../../src/core/lint/templateIndex';
import type { LintFinding } from '../../../src/core/lint/types';
import { CORPUS } from '../../support/paths';

export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out.sort();
}

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

/** Lints each invalid case with the WorkflowTemplates it requires; returns its error findings. */
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
    out.set(
      f,
      findings.filter((x) => x.severity === 'error'),
    );
  }
  return out;
}
