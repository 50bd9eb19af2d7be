// Mirrors Argo's workflow/util/pod_name.go (v2 pod names): <workflow>-<template>-<fnv32a(node name)>.
const MAX_K8S_NAME = 253;
const MAX_PREFIX = MAX_K8S_NAME - 11; // room for "-" and the hash

/** FNV-1a 32-bit hash of the UTF-8 bytes of `text`, as Go's hash/fnv New32a. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  // Node names are ASCII nearly always, and their UTF-16 units are then their bytes: no encoding per name (a
  // workflow may have 100,000).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return fnv32aBytes(new TextEncoder().encode(text));
    h = Math.imul(h ^ c, 0x01000193) >>> 0;
  }
  return h;
}

function fnv32aBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** The pod name Argo gives the node `nodeName` (e.g. "wf-abc.step") of workflow `workflow` running `template`. */
export function argoPodName(workflow: string, nodeName: string, template: string): string {
  if (workflow === nodeName) return workflow;
  let prefix = `${workflow}-${template}`;
  if (prefix.length > MAX_PREFIX) prefix = prefix.slice(0, MAX_PREFIX);
  return `${prefix}-${fnv32a(nodeName)}`;
}

/** The node id Argo derives from a node name: <workflow>-<fnv32a(name)>. */
export function argoNodeId(workflow: string, nodeName: string): string {
  return workflow === nodeName ? workflow : `${workflow}-${fnv32a(nodeName)}`;
}

/**
 * The pod that ran a node, as Argo names it: v2 names (<workflow>-<template>-<hash>, Argo 3.2+ default) unless
 * the workflow asks for v1 names (the node id) with the pod-name-format annotation.
 */
export function podNameOfNode(
  workflow: { metadata?: { name?: string; annotations?: Record<string, string> } },
  node: { id: string; name?: string; templateName?: string; templateRef?: { template?: string } },
): string {
  const wfName = workflow.metadata?.name ?? '';
  if (workflow.metadata?.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1') return node.id;
  const template = node.templateName ?? node.templateRef?.template ?? '';
  if (!template) return node.id;
  return argoPodName(wfName, node.name ?? node.id, template);
}
