// The demo's answers to metadata-only Accept headers and the shape of its list metadata, as measured on the real
// kube-apiserver 1.36.3 (docs/fidelity.md).
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { negotiate } from '../../../src/demo/negotiate';
import { startDemoCluster, type DemoCluster } from '../../../src/demo/server';
import type { KubeObject } from '../../../src/demo/world';
import { rawRequest } from '../../support/rawApi';

const ML = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const M1 = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
const WORKFLOWS = '/apis/argoproj.io/v1alpha1/namespaces/argo/workflows';

describe('demo cluster: metadata-only negotiation and list metadata as the real apiserver answers them', function () {
  this.timeout(30000);

  it('lets the first acceptable clause decide, without falling back when its form does not fit', () => {
    const v1 = { as: 'metadata', apiVersion: 'meta.k8s.io/v1' };
    const cases: [string | undefined, 'list' | 'get' | 'watch', unknown][] = [
      [undefined, 'list', { as: 'object' }],
      ['application/json', 'watch', { as: 'object' }],
      [ML, 'list', v1],
      [`${ML},application/json`, 'list', v1],
      [ML.replace('v=v1', 'v=v1beta1'), 'list', { as: 'metadata', apiVersion: 'meta.k8s.io/v1beta1' }],
      [`application/json,${ML}`, 'list', { as: 'object' }],
      [
        `${M1},application/json`,
        'list',
        {
          as: 'refused',
          status: 406,
          message: 'you requested PartialObjectMetadata, but the requested object is a list',
        },
      ],
      [`${ML},application/json`, 'get', { as: 'refused', status: 500, message: 'content is not a list' }],
      [`${M1},application/json`, 'get', v1],
      [`${M1},application/json`, 'watch', v1],
      [`${ML},application/json`, 'watch', { as: 'unencodable' }],
      // Tables are not served: a client that also takes JSON gets whole objects.
      ['application/json;as=Table;g=meta.k8s.io;v=v1,application/json', 'list', { as: 'object' }],
      ['application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v9,application/json', 'list', { as: 'object' }],
    ];
    for (const [accept, request, want] of cases) {
      assert.deepEqual(negotiate(accept, request), want, `${request} ${accept}`);
    }
  });

  describe('over the wire', () => {
    let cluster: DemoCluster;
    let kc: k8s.KubeConfig;
    beforeEach(async () => {
      cluster = await startDemoCluster({ clock: 'manual' });
      kc = new k8s.KubeConfig();
      kc.loadFromString(cluster.kubeconfig());
      for (const name of ['a', 'b', 'c'])
        cluster.world.put({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: { name, namespace: 'argo' },
        });
      cluster.world.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'argo' } });
    });
    afterEach(async () => cluster.close());

    const json = async (path: string, accept?: string) => {
      const r = await rawRequest(kc, 'GET', path, { accept });
      assert.equal(r.status, 200, r.body);
      assert.equal(r.contentType, 'application/json');
      return JSON.parse(r.body) as { kind: string; apiVersion: string; metadata: Record<string, unknown> };
    };

    it('says continue "" on a custom resource list\'s last page, and leaves it out of typed lists', async () => {
      assert.deepEqual(Object.keys((await json(WORKFLOWS)).metadata), ['continue', 'resourceVersion']);
      assert.equal((await json(WORKFLOWS)).metadata.continue, '');
      const first = await json(`${WORKFLOWS}?limit=2`);
      assert.deepEqual(Object.keys(first.metadata), ['continue', 'remainingItemCount', 'resourceVersion']);
      const last = await json(`${WORKFLOWS}?limit=2&continue=${String(first.metadata.continue)}`);
      assert.equal(last.metadata.continue, '');
      assert.equal(last.metadata.remainingItemCount, undefined);
      // Typed lists and metadata-only lists have no empty continue.
      assert.deepEqual(Object.keys((await json('/api/v1/namespaces')).metadata), ['resourceVersion']);
      assert.deepEqual(Object.keys((await json(WORKFLOWS, ML)).metadata), ['resourceVersion']);
      const beta = await json(WORKFLOWS, ML.replace('v=v1', 'v=v1beta1'));
      assert.equal(beta.apiVersion, 'meta.k8s.io/v1beta1');
    });

    it('refuses a list asked for as objects (406) and a get asked for as a list (500)', async () => {
      const list = await rawRequest(kc, 'GET', WORKFLOWS, { accept: `${M1},application/json` });
      assert.equal(list.status, 406, list.body);
      const get = await rawRequest(kc, 'GET', `${WORKFLOWS}/a`, { accept: `${ML},application/json` });
      assert.equal(get.status, 500, get.body);
      assert.match(get.body, /content is not a list/);
      assert.equal((await json(`${WORKFLOWS}/a`, `${M1},application/json`)).kind, 'PartialObjectMetadata');
    });

    it('ends a watch asked for lists at its first event, without sending it', async () => {
      // Objects exist: the first initial event ends the stream at once.
      const ended = await rawRequest(kc, 'GET', `${WORKFLOWS}?watch=true`, { accept: `${ML},application/json` });
      assert.deepEqual([ended.status, ended.contentType, ended.body], [200, 'application/json', '']);
      // Nothing to send yet: the stream stays open until the first change, then ends without it.
      const from = cluster.store.resourceVersion;
      const watching = rawRequest(kc, 'GET', `${WORKFLOWS}?watch=true&resourceVersion=${from}`, { accept: ML });
      await cluster.whenStreams((n) => n === 1, 5000, 'the watch to open');
      const wf: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'd' } };
      cluster.world.put({ ...wf, metadata: { ...wf.metadata, namespace: 'argo' } });
      const later = await watching;
      assert.deepEqual([later.status, later.body], [200, '']);
      await cluster.whenNoStreams(5000);
    });
  });
});
