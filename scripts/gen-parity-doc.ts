// Writes docs/rules/argo-parity.md, the parity table with `argo lint --offline`, from test/oracle/parity/cases.ts.
// Run: node --import tsx scripts/gen-parity-doc.ts
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderParityDoc } from '../test/oracle/parity/doc';

const file = path.resolve(import.meta.dirname, '..', 'docs', 'rules', 'argo-parity.md');
writeFileSync(file, renderParityDoc());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
