/**
 * The shape of a finished workflow as Argo's controller leaves it (spec, status with its node tree), rendered for
 * any workflow name and start hour from one shared template: the bulk population (./population.ts) keeps a few
 * templates and renders each workflow's JSON on demand instead of holding thousands of large objects.
 */

/** Stands for the workflow's name in a template. */
const NAME = '\uE000';
/** Stands for the workflow's start hour, `YYYY-MM-DDTHH:`, in a template. */
const HOUR = '\uE001';

export interface FinishedShape {
  /** Nodes in the status, the root included (at least 1). */
  nodes: number;
  /** A DAG of fan-out tasks, or steps of fan-out groups. */
  kind: 'dag' | 'steps';
  /** One pod of the last group fails, and the workflow with it. */
  failed: boolean;
  /** When the workflow starts, in seconds after its start hour (it lasts under 10 minutes). */
  startSecond: number;
}

/** A workflow's `spec` and `status` as JSON text with holes for its name and start hour. */
export class FinishedTemplate {
  /** UTF-8 pieces of the JSON; odd ones are holes, `isName` says which hole. */
  private readonly pieces: Buffer[];
  private readonly isName: boolean[];
  readonly phase: 'Succeeded' | 'Failed';
  /** Seconds after the start hour. */
  readonly startSecond: number;
  readonly finishSecond: number;

  constructor(shape: FinishedShape) {
    const built = build(shape);
    this.phase = shape.failed ? 'Failed' : 'Succeeded';
    this.startSecond = shape.startSecond;
    this.finishSecond = built.finishSecond;
    // Odd pieces are the holes.
    const text = JSON.stringify(built.body)
      .slice(1, -1)
      .split(/([\uE000\uE001])/);
    this.isName = text.map((t) => t === NAME);
    this.pieces = text.map((t) => Buffer.from(t));
  }

  /**
   * `{` + `head` + `"spec":{...},"status":{...}}` for a workflow `name` started in the hour `hour`
   * (`YYYY-MM-DDTHH:`), as UTF-8: copying buffers is several times faster than building the string.
   */
  render(head: string, name: string, hour: string): Buffer {
    const n = Buffer.from(name);
    const h = Buffer.from(hour);
    const parts = [Buffer.from(`{${head}`), ...this.pieces, CLOSE];
    for (let i = 2; i < parts.length - 1; i += 2) parts[i] = this.isName[i - 1] ? n : h;
    return Buffer.concat(parts);
  }
}

const CLOSE = Buffer.from('}');

const HOSTS = ['ip-10-0-1-23.ec2.internal', 'ip-10-0-2-41.ec2.internal', 'ip-10-0-3-17.ec2.internal'];

/** FNV-1a, as Argo hashes node names into node ids (of the name without the workflow's, here). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const at = (second: number) =>
  `${HOUR}${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}Z`;

interface Node {
  id: string;
  name: string;
  displayName: string;
  type: string;
  templateName: string;
  templateScope: string;
  phase: string;
  boundaryID?: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  progress: string;
  resourcesDuration: { cpu: number; memory: number };
  inputs?: unknown;
  outputs?: unknown;
  hostNodeName?: string;
  children?: string[];
  outboundNodes?: string[];
}

function build(shape: FinishedShape): { body: Record<string, unknown>; finishSecond: number } {
  const dag = shape.kind === 'dag';
  const total = Math.max(1, Math.floor(shape.nodes));
  // Groups of `width` pods, each group one node more; about 20 groups whatever the size.
  const width = Math.max(1, Math.ceil((total - 1) / 21) - 1);
  const widths: number[] = [];
  for (let left = total - 1; left > 0;) {
    if (left === 1 && widths.length) {
      widths[widths.length - 1]!++;
      break;
    }
    const w = Math.min(width, left - 1);
    widths.push(w);
    left -= w + 1;
  }
  const layers = widths.length;
  const step = Math.max(1, Math.floor(560 / Math.max(1, layers)));
  const start = shape.startSecond;
  const scope = `local/${NAME}`;
  const nodes: Record<string, Node> = {};
  // Argo's 32-bit hashes collide about once in 100,000 nodes; here the next free number is taken instead.
  const ids = new Map<string, string>();
  const taken = new Set<number>();
  const idOf = (rel: string) => {
    let id = ids.get(rel);
    if (id === undefined) {
      let h = fnv(rel);
      while (taken.has(h)) h = (h + 1) >>> 0;
      taken.add(h);
      ids.set(rel, (id = `${NAME}-${h}`));
    }
    return id;
  };
  const groupRel = (k: number) => (dag ? `.layer${k}` : `[${k}]`);
  let succeeded = 0;
  let cpu = 0;
  let end = start + 1;
  const groups: Node[] = [];
  for (let k = 0; k < layers; k++) {
    const gStart = start + 2 + k * step;
    const rel = groupRel(k);
    const last = k === layers - 1;
    const group: Node = {
      id: idOf(rel),
      name: `${NAME}${rel}`,
      displayName: dag ? `layer${k}` : `[${k}]`,
      type: dag ? 'TaskGroup' : 'StepGroup',
      templateName: dag ? 'work' : 'main',
      templateScope: scope,
      phase: shape.failed && last ? 'Failed' : 'Succeeded',
      boundaryID: NAME,
      startedAt: at(gStart),
      finishedAt: at(gStart),
      progress: '',
      resourcesDuration: { cpu: 0, memory: 0 },
      children: [],
    };
    let gEnd = gStart;
    let gDone = 0;
    let gCpu = 0;
    for (let j = 0; j < widths[k]!; j++) {
      const podRel = dag ? `${rel}(${j}:${j})` : `${rel}.work(${j}:${j})`;
      const fails = shape.failed && last && j === widths[k]! - 1;
      const duration = 1 + ((k * 7 + j * 13) % Math.max(1, step - 2));
      const pod: Node = {
        id: idOf(podRel),
        name: `${NAME}${podRel}`,
        displayName: dag ? `layer${k}(${j}:${j})` : `work(${j}:${j})`,
        type: 'Pod',
        templateName: 'work',
        templateScope: scope,
        phase: fails ? 'Failed' : 'Succeeded',
        boundaryID: NAME,
        ...(fails ? { message: 'main: Error (exit code 1)' } : {}),
        startedAt: at(gStart),
        finishedAt: at(gStart + duration),
        progress: fails ? '0/1' : '1/1',
        resourcesDuration: { cpu: duration, memory: duration * 4 },
        inputs: { parameters: [{ name: 'i', value: String(j) }] },
        outputs: { exitCode: fails ? '1' : '0' },
        hostNodeName: HOSTS[(k + j) % HOSTS.length]!,
      };
      if (!last) pod.children = [idOf(groupRel(k + 1))];
      nodes[pod.id] = pod;
      group.children!.push(pod.id);
      gEnd = Math.max(gEnd, gStart + duration);
      if (!fails) gDone++;
      gCpu += duration;
    }
    group.finishedAt = at(gEnd);
    group.progress = `${gDone}/${widths[k]}`;
    group.resourcesDuration = { cpu: gCpu, memory: gCpu * 4 };
    nodes[group.id] = group;
    groups.push(group);
    succeeded += gDone;
    cpu += gCpu;
    end = Math.max(end, gEnd + 1);
  }
  const pods = widths.reduce((a, b) => a + b, 0);
  const phase = shape.failed ? 'Failed' : 'Succeeded';
  const lastGroup = groups[groups.length - 1];
  const root: Node = {
    id: NAME,
    name: NAME,
    displayName: NAME,
    type: dag ? 'DAG' : 'Steps',
    templateName: 'main',
    templateScope: scope,
    phase,
    startedAt: at(start),
    finishedAt: at(end),
    progress: `${succeeded}/${pods}`,
    resourcesDuration: { cpu, memory: cpu * 4 },
    children: dag ? groups.map((g) => g.id).slice(0, 1) : groups.slice(0, 1).map((g) => g.id),
    outboundNodes: lastGroup?.children ?? [],
  };
  if (shape.failed && lastGroup)
    root.message = dag
      ? `child '${lastGroup.children![lastGroup.children!.length - 1]}' failed`
      : `child '${lastGroup.id}' failed`;
  const ordered: Record<string, Node> = { [root.id]: root, ...nodes };
  const main = dag
    ? {
        name: 'main',
        dag: {
          tasks: widths.map((w, k) => ({
            name: `layer${k}`,
            template: 'work',
            withSequence: { count: String(w) },
            arguments: { parameters: [{ name: 'i', value: '{{item}}' }] },
            ...(k ? { depends: `layer${k - 1}` } : {}),
          })),
        },
      }
    : {
        name: 'main',
        steps: widths.map((w) => [
          {
            name: 'work',
            template: 'work',
            withSequence: { count: String(w) },
            arguments: { parameters: [{ name: 'i', value: '{{item}}' }] },
          },
        ]),
      };
  const body = {
    spec: {
      entrypoint: 'main',
      arguments: {},
      templates: [
        main,
        {
          name: 'work',
          inputs: { parameters: [{ name: 'i' }] },
          container: {
            name: '',
            image: 'python:3.12-slim',
            command: ['python', '-c'],
            args: ['import sys; print("shard", sys.argv[1]); sys.exit(0)', '{{inputs.parameters.i}}'],
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
          },
        },
      ],
      podGC: { strategy: 'OnPodCompletion' },
    },
    status: {
      phase,
      startedAt: at(start),
      finishedAt: at(end),
      progress: `${succeeded}/${pods}`,
      ...(root.message ? { message: root.message } : {}),
      resourcesDuration: { cpu, memory: cpu * 4 },
      conditions: [
        { type: 'PodRunning', status: 'False' },
        { type: 'Completed', status: 'True' },
      ],
      nodes: ordered,
    },
  };
  return { body, finishSecond: end };
}
