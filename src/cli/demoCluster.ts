import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MIN_BIG_NODES } from '../demo/bigWorkflow';
import { demoScenarios } from '../demo/scenarios/catalog';
import { startDemoCluster } from '../demo/server';
import { Exit, type CliCommand, type CliIO } from './io';

const USAGE = `Usage: argo-doctor demo-cluster [--port N] [--kubeconfig FILE] [--speed N]
                                 [--workflows N --nodes M] [--big-workflow N] [--namespace NS]

Starts a simulated Kubernetes + Argo Workflows API server on 127.0.0.1 (HTTPS, its own CA, a bearer token) whose
workflows run and fail realistically: out-of-memory, image pull errors, unschedulable GPU jobs, a lost node, pod
garbage collection, a forbidden namespace. Writes a kubeconfig for it and runs until Ctrl+C.

Options:
  --port N           Port to listen on (default: a free one)
  --kubeconfig FILE  Where to write the kubeconfig (default: .demo/kubeconfig)
  --speed N          Simulated seconds per real second (default 1)
  --workflows N      Also start with N finished workflows (Succeeded and Failed), for scale tests
  --nodes M          Nodes in each of those workflows' status (default 200)
  --big-workflow N   Also start with one finished, Failed workflow of N nodes (scale-big; N >= ${MIN_BIG_NODES}):
                     nested DAGs, fan-outs of thousands of pods, retries, one step out of memory
  --namespace NS     Their namespace (default argo)
`;

/** Parses `--name value` / `--name=value` options; returns undefined (after printing) on a usage error. */
function parse(args: string[], io: CliIO): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(port|kubeconfig|speed|workflows|nodes|big-workflow|namespace)(?:=(.*))?$/.exec(args[i]!);
    if (!m) {
      io.stderr(`argo-doctor demo-cluster: unknown argument '${args[i]}'\n\n${USAGE}`);
      return undefined;
    }
    const value = m[2] ?? args[++i];
    if (value === undefined) {
      io.stderr(`argo-doctor demo-cluster: --${m[1]} needs a value\n`);
      return undefined;
    }
    out[m[1]!] = value;
  }
  return out;
}

export const demoClusterCommand: CliCommand = {
  name: 'demo-cluster',
  summary: 'Run a simulated Argo cluster with realistic failing workflows',
  usage: USAGE,
  async run(args, io) {
    const opts = parse(args, io);
    if (!opts) return Exit.usage;
    const port = opts.port === undefined ? 0 : Number(opts.port);
    const speed = opts.speed === undefined ? 1 : Number(opts.speed);
    if (!Number.isInteger(port) || port < 0 || port > 65535 || !(speed > 0)) {
      io.stderr('argo-doctor demo-cluster: --port takes 0-65535 and --speed a positive number\n');
      return Exit.usage;
    }
    const workflows = opts.workflows === undefined ? 0 : Number(opts.workflows);
    const nodes = opts.nodes === undefined ? 200 : Number(opts.nodes);
    if (!Number.isInteger(workflows) || workflows < 0 || !Number.isInteger(nodes) || nodes < 1) {
      io.stderr('argo-doctor demo-cluster: --workflows takes a count (0 or more) and --nodes a positive count\n');
      return Exit.usage;
    }
    const big = opts['big-workflow'] === undefined ? 0 : Number(opts['big-workflow']);
    if (!Number.isInteger(big) || (big !== 0 && big < MIN_BIG_NODES)) {
      io.stderr(`argo-doctor demo-cluster: --big-workflow takes a node count of at least ${MIN_BIG_NODES}\n`);
      return Exit.usage;
    }
    const namespace = opts.namespace ?? 'argo';
    const file = path.resolve(io.cwd, opts.kubeconfig ?? path.join('.demo', 'kubeconfig'));
    const cluster = await startDemoCluster({
      port,
      speed,
      scenarios: demoScenarios,
      forbiddenNamespaces: ['restricted'],
      ...(workflows || big
        ? { population: { workflows, nodes, namespace, ...(big ? { bigWorkflow: big } : {}) } }
        : {}),
    });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, cluster.kubeconfig(), { mode: 0o600 });
    io.stdout(
      `Demo cluster running at ${cluster.url}\n` +
        (workflows ? `${workflows} finished workflows of ${nodes} nodes in ${namespace}\n` : '') +
        (big ? `One workflow of ${big} nodes: ${namespace}/scale-big\n` : '') +
        `kubeconfig written to ${file}\n` +
        `Try: KUBECONFIG=${file} kubectl get workflows -n argo\n` +
        'Press Ctrl+C to stop.\n',
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await cluster.close();
    io.stdout('Demo cluster stopped.\n');
    return Exit.ok;
  },
};
