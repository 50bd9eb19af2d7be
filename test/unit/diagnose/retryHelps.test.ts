// Which failures a plain retry can fix (Explain offers "Retry from the failed step" for them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { retryableCauses, retryHelps } from '../../../src/core/diagnose/retryHelps';
import { FAILURES } from '../../support/paths';

describe('retry helps (failures that were not the step’s fault)', () => {
  it('offers a retry for lost nodes, evictions and preemptions, never for the step’s own errors', () => {
    for (const id of ['node-lost', 'pod-deleted', 'node-graceful-shutdown', 'preempted-by-scheduler'])
      assert.match(retryHelps(id) ?? '', /not at fault/, id);
    for (const id of ['oom-killed-main', 'main-exit-nonzero', 'image-not-found', 'insufficient-resources', 'unknown'])
      assert.equal(retryHelps(id), undefined, id);
  });

  it('names only signatures of the taxonomy', () => {
    const ids = new Set(
      (JSON.parse(readFileSync(path.join(FAILURES, 'signatures.json'), 'utf8')) as { id: string }[]).map((s) => s.id),
    );
    for (const id of retryableCauses()) assert.ok(ids.has(id), `${id} is a signature`);
  });
});
