import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContextTracker, type ContextInfo } from '../../../src/kube/contextTracker';
import { checkAuthPlugin, kubeconfigFiles, loadKubeconfig, setCurrentContext } from '../../../src/kube/kubeconfig';

const config = (
  current: string,
  contexts: { name: string; ns?: string; cluster?: string }[],
  extra = '',
) => `apiVersion: v1
kind: Config
# a comment kubectl users keep
clusters:
${contexts.map((c) => `- name: ${c.cluster ?? c.name}\n  cluster:\n    server: https://${c.cluster ?? c.name}.example:6443`).join('\n')}
users:
- name: me
  user:
    token: abc
contexts:
${contexts.map((c) => `- name: ${c.name}\n  context:\n    cluster: ${c.cluster ?? c.name}\n    user: me${c.ns ? `\n    namespace: ${c.ns}` : ''}`).join('\n')}
${current ? `current-context: ${current}` : ''}
${extra}`;

function nextChange(tracker: ContextTracker, ms: number): Promise<ContextInfo> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no context change within ${ms} ms`));
    }, ms);
    const sub = tracker.onDidChange((info) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(info);
    });
  });
}

describe('kubeconfig and context tracking', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-kc-'));
  });

  it('reads KUBECONFIG as a path list, else ~/.kube/config', () => {
    assert.deepEqual(kubeconfigFiles({ KUBECONFIG: `/a/one${path.delimiter}/b/two${path.delimiter}` }, '/home/x'), [
      '/a/one',
      '/b/two',
    ]);
    assert.deepEqual(kubeconfigFiles({}, '/home/x'), ['/home/x/.kube/config']);
  });

  it('merges files with first-wins names and the first current-context', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    writeFileSync(a, config('', [{ name: 'dev', ns: 'team-a' }]));
    writeFileSync(b, config('prod', [{ name: 'dev', ns: 'ignored' }, { name: 'prod' }]));
    const { kc } = loadKubeconfig([a, path.join(dir, 'missing'), b]);
    assert.equal(kc.getCurrentContext(), 'prod');
    assert.deepEqual(
      kc.getContexts().map((c) => [c.name, c.namespace]),
      [
        ['dev', 'team-a'],
        ['prod', undefined],
      ],
    );
  });

  it('writes current-context into the file that holds it, keeping comments', () => {
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    writeFileSync(a, config('', [{ name: 'dev' }]));
    writeFileSync(b, config('prod', [{ name: 'prod' }]));
    setCurrentContext([a, b], 'dev');
    assert.match(readFileSync(b, 'utf8'), /current-context: dev/);
    assert.match(readFileSync(b, 'utf8'), /# a comment kubectl users keep/);
    assert.doesNotMatch(readFileSync(a, 'utf8'), /current-context/);
  });

  it('explains an exec credential plugin that is not on PATH', () => {
    const f = path.join(dir, 'exec');
    writeFileSync(
      f,
      config('dev', [{ name: 'dev' }]).replace(
        '    token: abc',
        '    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws-iam-authenticator-missing\n      args: [token]',
      ),
    );
    const err = checkAuthPlugin(loadKubeconfig([f]).kc, '/nonexistent');
    assert.equal(err?.kind, 'authPlugin');
    assert.match(err!.message, /aws-iam-authenticator-missing.*not on the PATH/);
  });

  it('follows `use-context` rewrites and atomic replaces within 1 s, and ignores no-op rewrites', async () => {
    const f = path.join(dir, 'config');
    writeFileSync(
      f,
      config('dev', [
        { name: 'dev', ns: 'a' },
        { name: 'prod', ns: 'b' },
      ]),
    );
    const tracker = new ContextTracker([f]);
    try {
      assert.equal(tracker.info.context, 'dev');
      let changed = nextChange(tracker, 1000);
      setCurrentContext([f], 'prod');
      assert.deepEqual(await changed, { ...tracker.info, context: 'prod', namespace: 'b' });
      // Editors and cloud CLIs replace the file by rename.
      changed = nextChange(tracker, 1000);
      const tmp = path.join(dir, 'config.tmp');
      writeFileSync(
        tmp,
        config('dev', [
          { name: 'dev', ns: 'a' },
          { name: 'prod', ns: 'b' },
        ]),
      );
      renameSync(tmp, f);
      assert.equal((await changed).context, 'dev');
      // Rewriting the same content is not a change.
      await assert.rejects(() => {
        const p = nextChange(tracker, 400);
        writeFileSync(f, readFileSync(f, 'utf8'));
        return p;
      }, /no context change/);
    } finally {
      tracker.dispose();
    }
  });
});
