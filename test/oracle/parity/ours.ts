import { lintText } from '../../../src/core/lint/lint';
import { MapTemplateIndex } from '../../../src/core/lint/templateIndex';
import type { LintFinding } from '../../../src/core/lint/types';

/** The Argo version the oracle is built from (test/oracle/go.mod). */
export const ORACLE_ARGO = '4.0';

/**
 * Our error findings on a parity manifest, linted as `argo lint --offline` sees it: for Argo 4.0, and with the
 * templates of the manifest as all the templates there are (a complete index: a ref to anything else is unknown).
 */
export function ourErrors(manifest: string): LintFinding[] {
  return lintText(manifest, { argoVersion: ORACLE_ARGO, externalTemplates: new MapTemplateIndex(true) }).filter(
    (f) => f.severity === 'error',
  );
}
