import assert from 'node:assert/strict';
import { redact, scoped, type Logger } from '../../../src/core/logger';

describe('logger', () => {
  it('redacts bearer tokens, authorization headers, kubeconfig secrets and PEM blocks', () => {
    const text = [
      'Authorization: Bearer abcdef0123456789',
      'token: s3cr3t-token-value',
      '"client-key-data": "LS0tLS1CRUdJTi"',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    ].join('\n');
    const out = redact(text);
    for (const secret of ['abcdef0123456789', 's3cr3t-token-value', 'LS0tLS1CRUdJTi', 'MIIB']) {
      assert.ok(!out.includes(secret), `${secret} leaked in: ${out}`);
    }
    assert.match(out, /<redacted/);
  });

  it('prefixes lines with the component', () => {
    const lines: string[] = [];
    const sink: Logger = {
      trace: (m) => lines.push(String(m)),
      debug: (m) => lines.push(String(m)),
      info: (m) => lines.push(String(m)),
      warn: (m) => lines.push(String(m)),
      error: (m) => lines.push(String(m)),
    };
    scoped(sink, 'kube').info('watch started');
    assert.deepEqual(lines, ['[kube] watch started']);
  });
});
