import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DETECTORS } from '../../../src/core/diagnose/detectors';
import { REPO_ROOT } from '../../support/paths';

const DIR = path.join(REPO_ROOT, 'src', 'core', 'diagnose', 'detectors');
const SHARED = ['common.ts', 'texts.ts', 'index.ts'];

describe('explain failure: the detector families', () => {
  it('runs every family file', async () => {
    const families = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !SHARED.includes(f));
    assert.ok(families.length > 10, families.join(', '));
    const listed = new Set<unknown>(DETECTORS);
    const unlisted: string[] = [];
    for (const file of families) {
      const mod = (await import(path.join(DIR, file))) as Record<string, unknown>;
      if (!Object.values(mod).some((v) => listed.has(v))) unlisted.push(file);
    }
    assert.deepEqual(unlisted, [], 'family files whose detector is not in DETECTORS (detectors/index.ts)');
    assert.equal(new Set(DETECTORS).size, DETECTORS.length, 'each detector once');
  });
});
