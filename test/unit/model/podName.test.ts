import assert from 'node:assert/strict';
import { fnv32a } from '../../../src/core/model/podName';

/** FNV-1a over UTF-8 bytes, written the plain way: the reference. */
function reference(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

describe('fnv32a, as Argo hashes node names', () => {
  it('hashes the UTF-8 bytes, ASCII or not', () => {
    for (const t of ['', 'a', 'wf.regions(3:eu-west-1).train(17:17)(2)', 'wf.étape(0:ü)', 'wf.步骤', 'x😀y'])
      assert.equal(fnv32a(t), reference(t), t);
  });
});
