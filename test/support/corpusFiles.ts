// Files of the shared corpus and the generated workflows, as tests walk them.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Every .yaml/.yml file under `dir`, sorted; folders named in `skip` are not entered. */
export function yamlFiles(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) {
      if (!skip.includes(e)) out.push(...yamlFiles(p, skip));
    } else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out.sort();
}

/**
 * The WorkflowTemplates an argo-valid or argo-invalid case's upstream test creates first (`deps/NAME.deps.yaml`
 * beside the case), as a list of zero or one file.
 */
export function caseDeps(caseFile: string): string[] {
  const dep = path.join(path.dirname(caseFile), 'deps', path.basename(caseFile).replace(/\.ya?ml$/, '.deps.yaml'));
  try {
    return statSync(dep).isFile() ? [dep] : [];
  } catch {
    return [];
  }
}
