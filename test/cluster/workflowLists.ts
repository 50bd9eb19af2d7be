// The two halves the extension lists and watches workflows in, as Argo's own controller does: whole objects of the
// workflows not completed (`workflows.argoproj.io/completed!=true`), and metadata only of the completed ones,
// paged. Raw requests, because the wire form is what is tested: Accept headers, list metadata, watch events.
// Registered by kube.test.ts inside its suite, so it runs on the suite's cluster (demo or real).
import assert from 'node:assert/strict';
import type * as k8s from '@kubernetes/client-node';
import type { ClusterTarget } from '../support/clusterTarget';
import { rawJson, rawRequest, rawWatch, type RawWatch, type RawWatchEvent } from '../support/rawApi';

const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';
const COMPLETED = 'workflows.argoproj.io/completed';
const TEST = 'argo-doctor.dev/test';
const MERGE = 'application/merge-patch+json';

interface Item {
  kind?: string;
  apiVersion?: string;
  metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
  spec?: unknown;
  status?: { phase?: string };
}
interface List {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Item[];
}

const workflows = (ns: string) => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows`;
const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

/** Every page of a list, following continue tokens. */
async function pageThrough(
  kc: k8s.KubeConfig,
  collection: string,
  params: Record<string, string | number | undefined>,
  accept?: string,
): Promise<{ contentType: string; page: List }[]> {
  const pages: { contentType: string; page: List }[] = [];
  let cont: string | undefined;
  do {
    const r = await rawJson<List>(kc, 'GET', `${collection}?${query({ ...params, continue: cont })}`, { accept });
    pages.push({ contentType: r.contentType, page: r.json });
    cont = r.json.metadata.continue;
    assert.ok(pages.length <= 10, 'the list ends');
  } while (cont);
  return pages;
}

const workflow = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, labels },
  spec: { entrypoint: 'main', suspend: true, templates: [{ name: 'main', suspend: {} }] },
});

/** Byte order, as etcd orders keys and so an apiserver its lists. */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function workflowListTests(getTarget: () => ClusterTarget): void {
  describe('workflows in two halves: not completed whole, completed as metadata, paged', function () {
    const run = `pg${Date.now().toString(36)}`;
    // A namespace of its own, so that the paged lists hold exactly the workflows made here.
    const ns = `argo-doctor-${run}`;
    // Created out of order; lists come back in name order.
    const names = [4, 0, 6, 2, 5, 1, 3].map((i) => `${run}-${i}`);
    const sorted = [...names].sort(byteOrder);
    let admin: k8s.KubeConfig;

    before(async () => {
      admin = getTarget().kubeConfig('admin');
      await rawJson(admin, 'POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      });
      // Labelled completed as Argo leaves a finished workflow: the real controller does not touch them, so their
      // resourceVersions hold still while the test reads them.
      for (const name of names)
        await rawJson(admin, 'POST', workflows(ns), { body: workflow(name, { [COMPLETED]: 'true', [TEST]: run }) });
    });
    after(async () => {
      await rawJson(admin, 'DELETE', `/api/v1/namespaces/${ns}`).catch(() => undefined);
    });

    it("labels workflows as Argo's controller does: phase, and completed once finished", async () => {
      const target = getTarget();
      const labels = (w: { metadata?: { labels?: Record<string, string> } }) => w.metadata?.labels ?? {};
      const running = await target.twoSteps();
      assert.equal(labels(running)[COMPLETED], 'false');
      assert.equal(labels(running)['workflows.argoproj.io/phase'], 'Running');
      for (const [wf, phase] of [
        [await target.succeeded(), 'Succeeded'],
        [await target.failed('oom'), 'Failed'],
      ] as const) {
        assert.equal(labels(wf)[COMPLETED], 'true', `${wf.metadata?.name}: ${JSON.stringify(labels(wf))}`);
        assert.equal(labels(wf)['workflows.argoproj.io/phase'], phase);
      }
    });

    it('pages workflows with limit and continue: each once, in name order, at one resourceVersion', async () => {
      const pages = await pageThrough(admin, workflows(ns), { limit: 3 });
      assert.deepEqual(
        pages.map((p) => p.page.items.length),
        [3, 3, 1],
      );
      assert.deepEqual(
        pages.flatMap((p) => p.page.items.map((i) => i.metadata.name)),
        sorted,
      );
      const rv = pages[0]!.page.metadata.resourceVersion;
      assert.ok(
        pages.every((p) => p.page.metadata.resourceVersion === rv),
        "every page reports the first one's resourceVersion",
      );
      // A custom resource's list is unstructured: its last page says continue "" rather than nothing.
      assert.ok(
        pages.slice(0, 2).every((p) => p.page.metadata.continue),
        'continue tokens',
      );
      assert.equal(pages[2]!.page.metadata.continue, '');
      // Without a selector the apiserver says how many items are left.
      assert.deepEqual(
        pages.map((p) => p.page.metadata.remainingItemCount),
        [4, 1, undefined],
      );
      for (const { page } of pages) {
        assert.equal(page.kind, 'WorkflowList');
        assert.equal(page.apiVersion, 'argoproj.io/v1alpha1');
        assert.ok(
          page.items.every((i) => i.spec),
          'whole workflows',
        );
      }
    });

    it('lists and watches the completed workflows as metadata only (PartialObjectMetadata)', async () => {
      const selector = `${COMPLETED}=true`;
      const pages = await pageThrough(admin, workflows(ns), { labelSelector: selector, limit: 3 }, METADATA_LIST);
      assert.deepEqual(
        pages.flatMap((p) => p.page.items.map((i) => i.metadata.name)),
        sorted,
      );
      const rv = pages[0]!.page.metadata.resourceVersion;
      for (const { contentType, page } of pages) {
        // The apiserver labels metadata-only answers plain JSON.
        assert.equal(contentType, 'application/json');
        assert.equal(page.kind, 'PartialObjectMetadataList');
        assert.equal(page.apiVersion, 'meta.k8s.io/v1');
        assert.equal(page.metadata.resourceVersion, rv);
        // A selector filters the items, so the apiserver does not count the ones left.
        assert.equal(page.metadata.remainingItemCount, undefined);
        assert.notEqual(page.metadata.continue, '', 'a typed list leaves an empty continue out');
        for (const item of page.items) {
          assert.deepEqual(Object.keys(item).sort(), ['apiVersion', 'kind', 'metadata'], JSON.stringify(item));
          assert.equal(item.kind, 'PartialObjectMetadata');
          assert.equal(item.apiVersion, 'meta.k8s.io/v1');
          assert.equal(item.metadata.labels?.[COMPLETED], 'true');
        }
      }

      const watch = await rawWatch(
        admin,
        `${workflows(ns)}?${query({ watch: 'true', labelSelector: selector, resourceVersion: rv })}`,
        METADATA,
      );
      try {
        const touched = await rawJson<Item>(admin, 'PATCH', `${workflows(ns)}/${names[0]}`, {
          body: { metadata: { labels: { 'argo-doctor.dev/touched': 'yes' } } },
          contentType: MERGE,
        });
        const e = await watch.until(
          (x) => x.object.metadata.name === names[0],
          'the metadata-only watch to see the change',
        );
        assert.equal(e.type, 'MODIFIED');
        assert.deepEqual(Object.keys(e.object).sort(), ['apiVersion', 'kind', 'metadata'], JSON.stringify(e.object));
        assert.equal(e.object.kind, 'PartialObjectMetadata');
        assert.equal(e.object.apiVersion, 'meta.k8s.io/v1');
        assert.equal(e.object.metadata.resourceVersion, touched.json.metadata.resourceVersion);
        assert.equal(e.object.metadata.labels?.['argo-doctor.dev/touched'], 'yes');
      } finally {
        watch.close();
      }
      // A watch must ask for PartialObjectMetadata: asked for lists, it answers 200 and ends at its first event,
      // which it cannot encode, without sending it.
      const asList = await rawRequest(admin, 'GET', `${workflows(ns)}?${query({ watch: 'true' })}`, {
        accept: `${METADATA_LIST},application/json`,
      });
      assert.deepEqual([asList.status, asList.body], [200, '']);
    });

    it('a watch of the workflows not completed sees DELETED when a workflow is labelled completed', async () => {
      const target = getTarget();
      // The user's view, as the extension watches: RBAC lets the user create, patch and delete workflows.
      const user = target.kubeConfig('user');
      const where = workflows(target.namespace);
      const flip = `${run}-flip`;
      const after = `${run}-after`;
      const watches: RawWatch[] = [];
      try {
        await rawJson(user, 'POST', where, { body: workflow(flip, { [TEST]: run }) });
        const list = await rawJson<List>(user, 'GET', `${where}?${query({ labelSelector: `${COMPLETED}!=true` })}`);
        const listed = list.json.items.find((i) => i.metadata.name === flip);
        assert.ok(listed, 'a new workflow is not completed');
        const from = list.json.metadata.resourceVersion;
        const open = await rawWatch(
          user,
          `${where}?${query({ watch: 'true', labelSelector: `${COMPLETED}!=true`, resourceVersion: from })}`,
        );
        watches.push(open);
        const done = await rawWatch(
          user,
          `${where}?${query({ watch: 'true', labelSelector: `${COMPLETED}=true`, resourceVersion: from })}`,
          METADATA,
        );
        watches.push(done);
        const mine = (name: string) => (e: RawWatchEvent) => e.object.metadata.name === name;
        // The controller takes the workflow first (phase Running, completed "false"; Argo may have done so before the
        // list): flipping the label under a controller still writing its first labels could be undone by its retry.
        if (listed.metadata.labels?.[COMPLETED] !== 'false')
          await open.until(
            (e) => mine(flip)(e) && e.object.metadata.labels?.[COMPLETED] === 'false',
            'the controller to label the workflow completed=false',
            60_000,
          );
        const flipped = await rawJson<Item>(user, 'PATCH', `${where}/${flip}`, {
          body: { metadata: { labels: { [COMPLETED]: 'true' } } },
          contentType: MERGE,
        });
        const rv = flipped.json.metadata.resourceVersion;

        const left = await open.until((e) => mine(flip)(e) && e.type === 'DELETED', 'the workflow to leave the watch');
        // The object as it was before the change, at the change's resourceVersion.
        assert.equal(left.object.metadata.resourceVersion, rv);
        assert.equal(left.object.metadata.labels?.[COMPLETED], 'false');
        assert.equal((left.object as Item).status?.phase, 'Running', 'the whole previous object');

        const entered = await done.until(mine(flip), 'the workflow to enter the completed watch');
        assert.equal(entered.type, 'ADDED');
        assert.equal(entered.object.kind, 'PartialObjectMetadata');
        assert.equal(entered.object.metadata.resourceVersion, rv);
        assert.equal(entered.object.metadata.labels?.[COMPLETED], 'true');

        // Deleting it now is none of the first watch's business: a later workflow arrives, nothing more of this one.
        await rawJson(user, 'DELETE', `${where}/${flip}`);
        await done.until((e) => mine(flip)(e) && e.type === 'DELETED', 'the completed watch to see the deletion');
        await rawJson(user, 'POST', where, { body: workflow(after, { [TEST]: run }) });
        await open.until(mine(after), 'a later workflow in the first watch');
        const seen = open.events.filter(mine(flip));
        assert.equal(seen.at(-1), left, `nothing after DELETED: ${JSON.stringify(seen.map((e) => e.type))}`);
      } finally {
        for (const w of watches) w.close();
        for (const name of [flip, after]) await rawJson(user, 'DELETE', `${where}/${name}`).catch(() => undefined);
      }
    });
  });
}
