// Builders for the Argo and Kubernetes objects tests need: a valid default for every field, overridden per test.
import type { ArgoNode } from '../../src/core/model/argoNode';
import { podNameOfNode } from '../../src/core/model/podName';
import type { Workflow } from '../../src/core/model/workflow';
import type { KObject } from '../../src/kube/kubeClient';

/** A pod step of a workflow; its id is the pod name Argo v2 naming gives (`<workflow>-<template>-<hash>`). */
export function podNode(workflow: string, name: string, over: Partial<ArgoNode> = {}): ArgoNode {
  const id = `${workflow}-${name}-${hash(name)}`;
  return {
    id,
    name: `${workflow}.${name}`,
    displayName: name,
    type: 'Pod',
    templateName: name,
    phase: 'Succeeded',
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:01:00Z',
    ...over,
  };
}

/** A workflow (steps: one entrypoint node whose children are `steps`), phase derived from its steps by default. */
export function workflow(name: string, steps: ArgoNode[], over: Partial<Workflow> = {}): Workflow {
  const root: ArgoNode = {
    id: name,
    name,
    displayName: name,
    type: 'Steps',
    templateName: 'main',
    phase: steps.some((s) => s.phase === 'Failed') ? 'Failed' : 'Succeeded',
    children: steps.map((s) => s.id),
    startedAt: '2026-01-01T00:00:00Z',
  };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'argo', uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { entrypoint: 'main', templates: steps.map((s) => ({ name: s.templateName, container: { image: 'x' } })) },
    status: {
      phase: root.phase as 'Failed' | 'Succeeded',
      startedAt: '2026-01-01T00:00:00Z',
      nodes: Object.fromEntries([root, ...steps].map((n) => [n.id, n])),
    },
    ...over,
  };
}

/** The pod of a pod step (named as Argo names it), its main container terminated as given. */
export function pod(wf: Workflow, node: ArgoNode, terminated: { reason: string; exitCode: number }): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podNameOfNode(wf, node),
      namespace: wf.metadata?.namespace,
      labels: { 'workflows.argoproj.io/workflow': wf.metadata?.name ?? '' },
      annotations: { 'workflows.argoproj.io/node-id': node.id },
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'main', image: 'x', resources: { limits: { memory: '1Gi' } } }] },
    status: {
      phase: 'Failed',
      containerStatuses: [{ name: 'main', state: { terminated }, restartCount: 0 }],
    },
  };
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 1_000_000_000;
}
