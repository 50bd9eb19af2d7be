/**
 * One huge finished workflow, shaped like the big ones Argo users run: a DAG whose tasks fan out over thousands of
 * pods (withSequence), a fan-out of nested DAGs (one per region, each with a nested DAG of its own), retried tasks
 * with several attempts, and one task deep inside that runs out of memory on every attempt, which fails the whole
 * workflow. Node ids, names, boundaryIDs and children follow Argo's rules (see ../shared/corpus/argo-status):
 * ids are `<workflow>-<fnv32a(node name)>`, a DAG's children are its entry tasks, a task's children the tasks that
 * depend on it (a retried task's on its last attempt, a fan-out's on each item, a nested DAG's on its outbound
 * nodes), and every node inside a DAG has that DAG's id as its boundaryID.
 *
 * Its JSON is written node by node from a few counters, on every read: no node objects are held between reads, and
 * one read holds only its output and the node-name index.
 */
import { fnv32a } from '../core/model/podName';

const HOSTS = ['ip-10-0-1-23.ec2.internal', 'ip-10-0-2-41.ec2.internal', 'ip-10-0-3-17.ec2.internal'];
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-south-1',
  'ap-northeast-1',
  'sa-east-1',
];

/** The smallest node count the shape fits in. */
export const MIN_BIG_NODES = 100;

/** Node counts of the parts, decided once per workflow (a few small arrays). */
interface Plan {
  /** Pods of the `shard` fan-out. */
  shards: number;
  /** Attempts of each region's `fetch` task. */
  fetchAttempts: number[];
  /** Per region, the attempts of each `train` item (1 normally, 2 now and then; the failing one 3). */
  trainAttempts: Uint8Array[];
  /** Region and item that fail. */
  failRegion: number;
  failItem: number;
}

function plan(total: number): Plan {
  const regions = Math.min(REGIONS.length, Math.max(2, Math.floor(total / 12_500)));
  const fetchAttempts = Array.from({ length: regions }, (_, r) => (r % 3) + 1);
  // Root, prepare, the shard and regions groups, report and the exit handler; per region its DAG, fetch (a Retry
  // and its attempts), validate (a DAG of two pods), the train group and merge.
  const fixed = 6 + fetchAttempts.reduce((n, a) => n + 7 + a, 0);
  const budget = total - fixed;
  let shards = Math.floor(budget * 0.2);
  const forTrain = budget - shards;
  const failRegion = regions - 1;
  const trainAttempts: Uint8Array[] = [];
  let failItem = 0;
  for (let r = 0; r < regions; r++) {
    // Each item is a Retry node and its attempts; the failing region keeps 2 nodes back for its third attempt.
    let left = Math.floor(forTrain / regions) + (r === 0 ? forTrain % regions : 0) - (r === failRegion ? 2 : 0);
    const attempts: number[] = [];
    for (let k = 0; left >= 2; k++) {
      const a = k % 53 === 52 && left >= 3 ? 2 : 1;
      attempts.push(a);
      left -= 1 + a;
    }
    if (r === failRegion) {
      failItem = Math.floor(attempts.length * 0.6);
      left += 2 - (3 - attempts[failItem]!);
      attempts[failItem] = 3;
    }
    shards += left;
    trainAttempts.push(Uint8Array.from(attempts));
  }
  return { shards, fetchAttempts, trainAttempts, failRegion, failItem };
}

interface Node {
  id: string;
  name: string;
  displayName: string;
  type: string;
  templateName?: string;
  templateScope?: string;
  phase: string;
  boundaryID?: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  progress?: string;
  resourcesDuration?: { cpu: number; memory: number };
  inputs?: unknown;
  outputs?: unknown;
  hostNodeName?: string;
  children?: string[];
  outboundNodes?: string[];
}

/** The workflow's spec: the templates that would produce its node tree. */
function spec(regions: number, shards: number, trainItems: number[]): Record<string, unknown> {
  const container = (image: string, script: string, memory: string, extra: Record<string, unknown> = {}) => ({
    container: {
      name: '',
      image,
      command: ['python', '-c'],
      args: [script],
      resources: { requests: { cpu: '500m', memory }, limits: { memory } },
      ...extra,
    },
  });
  return {
    entrypoint: 'main',
    arguments: { parameters: [{ name: 'dataset', value: 's3://ml-data/events/2026-08' }] },
    onExit: 'notify',
    podGC: { strategy: 'OnPodCompletion' },
    serviceAccountName: 'argo-workflow',
    templates: [
      {
        name: 'main',
        dag: {
          tasks: [
            { name: 'prepare', template: 'prepare' },
            {
              name: 'shard',
              template: 'process-shard',
              depends: 'prepare',
              withSequence: { count: String(shards) },
              arguments: { parameters: [{ name: 'shard', value: '{{item}}' }] },
            },
            {
              name: 'regions',
              template: 'region',
              depends: 'shard',
              withItems: REGIONS.slice(0, regions),
              arguments: {
                parameters: [
                  { name: 'region', value: '{{item}}' },
                  // Items per region are not all equal (the split is uneven); the widest is given here.
                  { name: 'parts', value: String(Math.max(...trainItems)) },
                ],
              },
            },
            { name: 'report', template: 'report', depends: 'regions' },
          ],
        },
      },
      {
        name: 'region',
        inputs: { parameters: [{ name: 'region' }, { name: 'parts' }] },
        dag: {
          tasks: [
            {
              name: 'fetch',
              template: 'fetch',
              arguments: { parameters: [{ name: 'region', value: '{{inputs.parameters.region}}' }] },
            },
            { name: 'validate', template: 'validate' },
            {
              name: 'train',
              template: 'train-part',
              depends: 'fetch && validate',
              withSequence: { count: '{{inputs.parameters.parts}}' },
              arguments: {
                parameters: [
                  { name: 'region', value: '{{inputs.parameters.region}}' },
                  { name: 'part', value: '{{item}}' },
                ],
              },
            },
            { name: 'merge', template: 'merge', depends: 'train' },
          ],
        },
      },
      {
        name: 'validate',
        dag: {
          tasks: [
            { name: 'schema', template: 'check', arguments: { parameters: [{ name: 'what', value: 'schema' }] } },
            {
              name: 'stats',
              template: 'check',
              depends: 'schema',
              arguments: { parameters: [{ name: 'what', value: 'stats' }] },
            },
          ],
        },
      },
      { name: 'prepare', ...container('python:3.12-slim', 'import prep; prep.main()', '256Mi') },
      {
        name: 'process-shard',
        inputs: { parameters: [{ name: 'shard' }] },
        ...container('python:3.12-slim', 'import shard, sys; shard.run(int(sys.argv[1]))', '512Mi'),
      },
      {
        name: 'fetch',
        inputs: { parameters: [{ name: 'region' }] },
        retryStrategy: { limit: '3', retryPolicy: 'Always', backoff: { duration: '10s', factor: '2' } },
        ...container('python:3.12-slim', 'import fetch; fetch.main()', '256Mi'),
      },
      {
        name: 'check',
        inputs: { parameters: [{ name: 'what' }] },
        ...container('python:3.12-slim', 'import check; check.main()', '256Mi'),
      },
      {
        name: 'train-part',
        inputs: { parameters: [{ name: 'region' }, { name: 'part' }] },
        retryStrategy: { limit: '2', retryPolicy: 'Always' },
        ...container('ghcr.io/acme/trainer:2.4.1', 'import train; train.part()', '2Gi'),
      },
      { name: 'merge', ...container('python:3.12-slim', 'import merge; merge.main()', '1Gi') },
      { name: 'report', ...container('python:3.12-slim', 'import report; report.main()', '256Mi') },
      { name: 'notify', ...container('curlimages/curl:8.9.1', 'print("notified")', '64Mi') },
    ],
  };
}

/**
 * A finished, Failed workflow of `nodes` nodes (at least MIN_BIG_NODES) named `name`, started at `start`.
 * `render` writes its JSON (without the opening brace's head: see FinishedTemplate.render) on every call.
 */
export class BigWorkflow {
  private readonly plan: Plan;
  readonly phase = 'Failed';

  constructor(
    readonly name: string,
    readonly nodes: number,
    readonly start: Date,
  ) {
    if (!(nodes >= MIN_BIG_NODES)) throw new Error(`a big workflow needs at least ${MIN_BIG_NODES} nodes`);
    this.plan = plan(Math.floor(nodes));
  }

  /** The creation time, as metadata.creationTimestamp. */
  get created(): string {
    return this.start.toISOString().replace(/\.\d+Z$/, 'Z');
  }

  /**
   * `{` + `head` + `"spec":{...},"status":{...}}` as UTF-8. The last rendering is kept only as long as the garbage
   * collector lets it live, so a list and a get in a row render once, and an idle server holds nothing.
   */
  render(head: string): Buffer {
    const last = this.last?.deref();
    if (last && last.head === head) return last.bytes;
    const bytes = this.renderNow(head);
    this.last = new WeakRef({ head, bytes });
    return bytes;
  }

  private last: WeakRef<{ head: string; bytes: Buffer }> | undefined;

  private renderNow(head: string): Buffer {
    const chunks: Buffer[] = [];
    let pending: string[] = [];
    let pendingLength = 0;
    const write = (s: string) => {
      pending.push(s);
      pendingLength += s.length;
      if (pendingLength > 1 << 20) flush();
    };
    const flush = () => {
      chunks.push(Buffer.from(pending.join('')));
      pending = [];
      pendingLength = 0;
    };
    const summary = this.writeNodes(head, write);
    write(summary);
    flush();
    return Buffer.concat(chunks);
  }

  /** Writes the head, spec and every node; returns the rest of the status (after the nodes) and the closing. */
  private writeNodes(head: string, write: (s: string) => void): string {
    const { shards, fetchAttempts, trainAttempts, failRegion, failItem } = this.plan;
    const wf = this.name;
    const scope = `local/${wf}`;
    const t0 = Math.floor(this.start.getTime() / 1000);
    // A few thousand distinct seconds in all: each formatted once.
    const times = new Map<number, string>();
    const at = (s: number) => {
      let t = times.get(s);
      if (t === undefined) times.set(s, (t = `${new Date((t0 + s) * 1000).toISOString().slice(0, 19)}Z`));
      return t;
    };
    // Argo's 32-bit hashes collide about once in 100,000 nodes; here the next free number is taken instead, so
    // every id is unique. The index lives for one render only.
    const ids = new Map<string, string>();
    const taken = new Set<number>();
    const idOf = (name: string) => {
      if (name === wf) return wf;
      let id = ids.get(name);
      if (id === undefined) {
        let h = fnv32a(name);
        while (taken.has(h)) h = (h + 1) >>> 0;
        taken.add(h);
        ids.set(name, (id = `${wf}-${h}`));
      }
      return id;
    };
    const host = (i: number) => HOSTS[i % HOSTS.length]!;
    let first = true;
    const emit = (n: Node) => {
      write(`${first ? '' : ','}${JSON.stringify(n.id)}:${JSON.stringify(n)}`);
      first = false;
    };
    let cpuTotal = 0;
    let podsDone = 0;
    let podsAll = 0;
    const pod = (
      name: string,
      displayName: string,
      templateName: string,
      boundaryID: string,
      startS: number,
      endS: number,
      o: { phase?: string; message?: string; exitCode?: string; children?: string[]; inputs?: unknown; hostIx: number },
    ) => {
      const failed = o.phase === 'Failed';
      const cpu = Math.max(1, endS - startS);
      cpuTotal += cpu;
      podsAll++;
      if (!failed) podsDone++;
      emit({
        id: idOf(name),
        name,
        displayName,
        type: 'Pod',
        templateName,
        templateScope: scope,
        phase: o.phase ?? 'Succeeded',
        ...(boundaryID ? { boundaryID } : {}),
        ...(o.message ? { message: o.message } : {}),
        startedAt: at(startS),
        finishedAt: at(endS),
        progress: failed ? '0/1' : '1/1',
        resourcesDuration: { cpu, memory: cpu * 4 },
        ...(o.inputs ? { inputs: o.inputs } : {}),
        outputs: { exitCode: o.exitCode ?? '0' },
        hostNodeName: host(o.hostIx),
        ...(o.children?.length ? { children: o.children } : {}),
      });
    };
    const group = (n: Omit<Node, 'templateScope' | 'startedAt' | 'finishedAt'>, startS: number, endS: number) =>
      emit({ ...n, templateScope: scope, startedAt: at(startS), finishedAt: at(endS) });
    const omitted = (name: string, displayName: string, templateName: string, boundaryID: string, s: number) =>
      emit({
        id: idOf(name),
        name,
        displayName,
        type: 'Skipped',
        templateName,
        templateScope: scope,
        phase: 'Omitted',
        boundaryID,
        message: 'omitted: depends condition not met',
        startedAt: at(s),
        finishedAt: at(s),
      });
    const param = (name: string, value: string) => ({ parameters: [{ name, value }] });

    const regions = fetchAttempts.length;
    const names = {
      prepare: `${wf}.prepare`,
      shard: `${wf}.shard`,
      regions: `${wf}.regions`,
      report: `${wf}.report`,
      region: (r: number) => `${wf}.regions(${r}:${REGIONS[r]})`,
    };
    // Times, in seconds after the start: prepare, then the shards in parallel, then the regions in parallel.
    const prepareEnd = 45;
    const shardStart = prepareEnd + 2;
    const shardLength = (j: number) => 20 + ((j * 37) % 200);
    const regionsStart = shardStart + 220 + 3;

    // Every task's times follow from the plan, so the root (written first) knows when the workflow ended.
    let regionsEnd = regionsStart;
    const regionTimes = Array.from({ length: regions }, (_, r) => {
      const fetchEnd = fetchAttempts[r]! * 40 + (fetchAttempts[r]! - 1) * 10;
      const validateEnd = 20 + 2 + 30;
      const trainStart = Math.max(fetchEnd, validateEnd) + 2;
      let trainEnd = trainStart;
      trainAttempts[r]!.forEach((a, k) => {
        const failing = r === failRegion && k === failItem;
        const length = failing ? 3 * 95 + 2 * 5 : a * (60 + ((k * 13) % 600)) + (a - 1) * 5;
        trainEnd = Math.max(trainEnd, trainStart + length);
      });
      const end = trainEnd + (r === failRegion ? 1 : 2 + 30);
      regionsEnd = Math.max(regionsEnd, regionsStart + end);
      return { fetchEnd, validateEnd, trainStart, trainEnd, end };
    });
    const finish = regionsEnd + 2 + 15;
    const failedRetryName = `${names.region(failRegion)}.train(${failItem}:${failItem})`;

    write(
      `{${head}"spec":${JSON.stringify(
        spec(
          regions,
          shards,
          trainAttempts.map((a) => a.length),
        ),
      )},`,
    );
    write(`"status":{"phase":"Failed","startedAt":"${at(0)}","finishedAt":"${at(finish)}",`);
    write(`"message":${JSON.stringify(`child '${idOf(failedRetryName)}' failed`)},"nodes":{`);

    group(
      {
        id: wf,
        name: wf,
        displayName: wf,
        type: 'DAG',
        templateName: 'main',
        phase: 'Failed',
        children: [idOf(names.prepare)],
        outboundNodes: [idOf(names.report)],
      },
      0,
      finish - 16,
    );
    pod(names.prepare, 'prepare', 'prepare', wf, 1, prepareEnd, {
      children: [idOf(names.shard)],
      hostIx: 0,
    });
    group(
      {
        id: idOf(names.shard),
        name: names.shard,
        displayName: 'shard',
        type: 'TaskGroup',
        templateName: 'process-shard',
        phase: 'Succeeded',
        boundaryID: wf,
        children: Array.from({ length: shards }, (_, j) => idOf(`${names.shard}(${j}:${j})`)),
      },
      shardStart,
      shardStart + 220,
    );
    const regionsId = idOf(names.regions);
    for (let j = 0; j < shards; j++)
      pod(
        `${names.shard}(${j}:${j})`,
        `shard(${j}:${j})`,
        'process-shard',
        wf,
        shardStart,
        shardStart + shardLength(j),
        {
          children: [regionsId],
          inputs: param('shard', String(j)),
          hostIx: j,
        },
      );
    group(
      {
        id: regionsId,
        name: names.regions,
        displayName: 'regions',
        type: 'TaskGroup',
        templateName: 'region',
        phase: 'Failed',
        boundaryID: wf,
        children: Array.from({ length: regions }, (_, r) => idOf(names.region(r))),
      },
      regionsStart,
      regionsEnd,
    );
    const reportId = idOf(names.report);
    for (let r = 0; r < regions; r++) {
      const region = REGIONS[r]!;
      const rn = names.region(r);
      const rid = idOf(rn);
      const fails = r === failRegion;
      const t = regionTimes[r]!;
      const s0 = regionsStart;
      const fetch = `${rn}.fetch`;
      const validate = `${rn}.validate`;
      const train = `${rn}.train`;
      const merge = `${rn}.merge`;
      const trainId = idOf(train);
      group(
        {
          id: rid,
          name: rn,
          displayName: `regions(${r}:${region})`,
          type: 'DAG',
          templateName: 'region',
          phase: fails ? 'Failed' : 'Succeeded',
          boundaryID: wf,
          inputs: { parameters: [{ name: 'region', value: region }] },
          children: [idOf(fetch), idOf(validate)],
          outboundNodes: [idOf(merge)],
        },
        s0,
        s0 + t.end,
      );
      // fetch: retried until it worked; the dependents hang off its last attempt.
      const fa = fetchAttempts[r]!;
      group(
        {
          id: idOf(fetch),
          name: fetch,
          displayName: 'fetch',
          type: 'Retry',
          templateName: 'fetch',
          phase: 'Succeeded',
          boundaryID: rid,
          inputs: param('region', region),
          children: Array.from({ length: fa }, (_, a) => idOf(`${fetch}(${a})`)),
        },
        s0 + 1,
        s0 + t.fetchEnd,
      );
      for (let a = 0; a < fa; a++) {
        const last = a === fa - 1;
        const st = s0 + 1 + a * 50;
        pod(`${fetch}(${a})`, `fetch(${a})`, 'fetch', rid, st, st + 40, {
          ...(last
            ? { children: [trainId] }
            : { phase: 'Failed', message: 'main: Error (exit code 1)', exitCode: '1' }),
          inputs: param('region', region),
          hostIx: r + a,
        });
      }
      // validate: a DAG of its own inside the region's.
      const vid = idOf(validate);
      const schema = `${validate}.schema`;
      const stats = `${validate}.stats`;
      group(
        {
          id: vid,
          name: validate,
          displayName: 'validate',
          type: 'DAG',
          templateName: 'validate',
          phase: 'Succeeded',
          boundaryID: rid,
          children: [idOf(schema)],
          outboundNodes: [idOf(stats)],
        },
        s0 + 1,
        s0 + t.validateEnd,
      );
      pod(schema, 'schema', 'check', vid, s0 + 1, s0 + 21, {
        children: [idOf(stats)],
        inputs: param('what', 'schema'),
        hostIx: r,
      });
      pod(stats, 'stats', 'check', vid, s0 + 22, s0 + t.validateEnd, {
        children: [trainId],
        inputs: param('what', 'stats'),
        hostIx: r + 1,
      });
      // train: thousands of retried items; the dependents hang off each item's last attempt.
      const attempts = trainAttempts[r]!;
      const mergeId = idOf(merge);
      group(
        {
          id: trainId,
          name: train,
          displayName: 'train',
          type: 'TaskGroup',
          templateName: 'train-part',
          phase: fails ? 'Failed' : 'Succeeded',
          boundaryID: rid,
          children: Array.from(attempts, (_, k) => idOf(`${train}(${k}:${k})`)),
        },
        s0 + t.trainStart,
        s0 + t.trainEnd,
      );
      for (let k = 0; k < attempts.length; k++) {
        const item = `${train}(${k}:${k})`;
        const failing = fails && k === failItem;
        const count = attempts[k]!;
        const length = failing ? 95 : 60 + ((k * 13) % 600);
        const st = s0 + t.trainStart;
        const inputs = {
          parameters: [
            { name: 'region', value: region },
            { name: 'part', value: String(k) },
          ],
        };
        group(
          {
            id: idOf(item),
            name: item,
            displayName: `train(${k}:${k})`,
            type: 'Retry',
            templateName: 'train-part',
            phase: failing ? 'Failed' : 'Succeeded',
            boundaryID: rid,
            ...(failing ? { message: 'No more retries left' } : {}),
            inputs,
            children: Array.from({ length: count }, (_, a) => idOf(`${item}(${a})`)),
          },
          st,
          st + count * length + (count - 1) * 5,
        );
        for (let a = 0; a < count; a++) {
          const last = a === count - 1;
          const as = st + a * (length + 5);
          // The last attempt points at merge, which the failing region omits.
          const outcome = failing
            ? { phase: 'Failed', message: 'main: OOMKilled (exit code 137)', exitCode: '137' }
            : last
              ? {}
              : { phase: 'Failed', message: 'main: Error (exit code 1)', exitCode: '1' };
          pod(`${item}(${a})`, `train(${k}:${k})(${a})`, 'train-part', rid, as, as + length, {
            ...outcome,
            ...(last ? { children: [mergeId] } : {}),
            inputs,
            hostIx: k + a,
          });
        }
      }
      if (fails) omitted(merge, 'merge', 'merge', rid, s0 + t.end);
      else
        pod(merge, 'merge', 'merge', rid, s0 + t.trainEnd + 2, s0 + t.end, {
          children: [reportId],
          hostIx: r,
        });
    }
    omitted(names.report, 'report', 'report', wf, regionsEnd + 1);
    // The exit handler sits outside the DAG: no boundaryID.
    const onExit = `${wf}.onExit`;
    pod(onExit, onExit, 'notify', '', regionsEnd + 2, regionsEnd + 2 + 15, { hostIx: 0 });
    return (
      `},"progress":"${podsDone}/${podsAll}","resourcesDuration":{"cpu":${cpuTotal},"memory":${cpuTotal * 4}},` +
      `"conditions":[{"type":"PodRunning","status":"False"},{"type":"Completed","status":"True"}]}}`
    );
  }
}
