import { gunzipSync } from 'node:zlib';

import type { ArgoNode } from './argoNode';

export type { ArgoNode };

export type NodesResult =
  | { kind: 'nodes'; nodes: Record<string, ArgoNode> }
  | { kind: 'offloaded'; message: string }
  | { kind: 'undecodable'; message: string }
  | { kind: 'none' };

/** Node maps known to be non-empty: listing the keys of 100,000 nodes on every call costs milliseconds. */
const nonEmpty = new WeakSet<object>();
/**
 * compressedNodes decoded, by status object: the tree, the step panel, Explain and the recorder all ask for the
 * nodes of the same workflow object, and decoding a large one (gunzip and JSON.parse) takes most of a second.
 */
const decoded = new WeakMap<object, { source: string; result: NodesResult }>();

/**
 * The nodes of a workflow: status.nodes, or status.compressedNodes decoded (base64 of gzip of JSON, as the
 * controller writes for large workflows), or an explanation when the node status is offloaded to Argo's database.
 * Callers must not mutate what they get: a decoded map is shared by every caller with the same workflow object.
 */
export function workflowNodes(workflow: unknown): NodesResult {
  const status = (workflow as { status?: Record<string, unknown> } | null)?.status;
  if (!status || typeof status !== 'object') return { kind: 'none' };
  const nodes = status.nodes;
  if (nodes && typeof nodes === 'object' && (nonEmpty.has(nodes) || Object.keys(nodes).length > 0)) {
    nonEmpty.add(nodes);
    return { kind: 'nodes', nodes: nodes as Record<string, ArgoNode> };
  }
  if (typeof status.compressedNodes === 'string' && status.compressedNodes.length > 0) {
    const source = status.compressedNodes;
    const known = decoded.get(status);
    if (known?.source === source) return known.result;
    const result = decode(source);
    decoded.set(status, { source, result });
    return result;
  }
  if (status.offloadNodeStatusVersion) {
    return {
      kind: 'offloaded',
      message:
        "This workflow's step status is offloaded to the Argo server's database (offloadNodeStatusVersion), so it cannot be read from the Kubernetes API.",
    };
  }
  return { kind: 'none' };
}

function decode(compressedNodes: string): NodesResult {
  try {
    const raw = Buffer.from(compressedNodes, 'base64');
    const isGzip = raw[0] === 0x1f && raw[1] === 0x8b;
    if (!isGzip)
      return {
        kind: 'undecodable',
        message: 'status.compressedNodes is not gzip data; this Argo version may use another encoding.',
      };
    const parsed = JSON.parse(gunzipSync(raw, { maxOutputLength: 256 * 1024 * 1024 }).toString('utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object')
      return { kind: 'undecodable', message: 'status.compressedNodes does not hold a node map.' };
    return { kind: 'nodes', nodes: parsed as Record<string, ArgoNode> };
  } catch (e) {
    return {
      kind: 'undecodable',
      message: `status.compressedNodes could not be decoded: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
