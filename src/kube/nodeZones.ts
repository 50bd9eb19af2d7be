// The zones of Kubernetes nodes, for the workflow panel's groups: read from each node's topology.kubernetes.io/zone
// label, a few nodes at a time, and whether each is a spot node (for the cost insight). A user not allowed to read
// nodes gets no zones, and no error: zones are extra.
import { isSpotNode } from '../core/model/spotNode';
import type { KubeClient } from './kubeClient';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** Nodes read at once. */
const PARALLEL = 4;

export interface NodeZones {
  /** Node name → zone, for the nodes that have one. */
  zones: Map<string, string>;
  /** The nodes labelled as spot or preemptible. */
  spot: Set<string>;
  /** Reading nodes is forbidden: do not ask again. */
  forbidden: boolean;
}

/** Reads the zone of each named node (nodes that do not exist or have no zone label are left out). */
export async function readNodeZones(client: KubeClient, names: Iterable<string>): Promise<NodeZones> {
  const queue = [...new Set(names)].filter((n) => n);
  const out: NodeZones = { zones: new Map(), spot: new Set(), forbidden: false };
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined && !out.forbidden; name = queue.shift()) {
      const r = await client.getNode(name);
      if (!r.ok) {
        if (r.error.kind === 'forbidden' || r.error.kind === 'unauthorized') out.forbidden = true;
        continue;
      }
      const zone = r.value.metadata?.labels?.[ZONE_LABEL];
      if (typeof zone === 'string' && zone) out.zones.set(name, zone);
      if (isSpotNode(r.value.metadata?.labels)) out.spot.add(name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  return out;
}
