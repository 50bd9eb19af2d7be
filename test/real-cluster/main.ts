// `npm run real-cluster [-- --kubeconfig FILE] [--keep]`: builds (once) and starts the real cluster on loopback,
// prints `ready` when Argo's controller runs, and stops everything on Ctrl+C.
import * as path from 'node:path';
import { ADMIN_CONTEXT, RealClusterError, startRealCluster, USER_CONTEXT, type RealCluster } from './cluster';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const kubeconfig = path.resolve(
  flag('--kubeconfig') ?? path.join(__dirname, '..', '..', '.real-cluster', 'kubeconfig'),
);
const say = (l: string) => console.log(`real-cluster: ${l}`);

let cluster: RealCluster | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  say('stopping');
  await cluster?.stop();
  say('stopped');
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function main(): Promise<void> {
  try {
    cluster = await startRealCluster({ kubeconfig, log: say, keep: args.includes('--keep') });
    if (stopping) return void (await cluster.stop());
    say(
      `kubectl --kubeconfig ${kubeconfig} get nodes   (contexts: ${ADMIN_CONTEXT} = admin, ${USER_CONTEXT} = a namespaced user)`,
    );
    say(`component logs: ${cluster.logs}`);
    console.log('ready');
  } catch (e) {
    console.error(
      `real-cluster: ${e instanceof RealClusterError ? e.message : `unexpected error: ${(e as Error).stack}`}`,
    );
    await stop(1);
  }
}

void main();
