import assert from 'node:assert/strict';
import { LogLines, plainLogLine } from '../../../src/core/model/logText';

describe('log text', () => {
  it('removes colours and terminal sequences, and neutralises control and bidi characters', () => {
    assert.equal(plainLogLine('\u001b[31mERROR\u001b[0m boom\r'), 'ERROR boom');
    assert.equal(plainLogLine('title\u001b]0;pwned\u0007 ok'), 'title ok');
    assert.equal(plainLogLine('a\u0000b\u202ec'), 'a\ufffdb\ufffdc');
    assert.equal(plainLogLine('tab\tstays'), 'tab\tstays');
  });

  it('keeps the last lines and says how many were dropped', () => {
    const l = new LogLines(3);
    l.push(['1', '2']);
    l.push(['3', '4', '5']);
    assert.equal(l.size, 3);
    assert.equal(l.text(), '… 2 earlier line(s) not shown\n3\n4\n5\n');
    assert.equal(new LogLines().text(), '');
  });
});
