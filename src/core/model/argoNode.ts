/** A node of an Argo workflow's status.nodes (lenient: real objects have odd or missing fields). */
export interface ArgoNode {
  id: string;
  name?: string;
  displayName?: string;
  type?: string;
  templateName?: string;
  templateRef?: { name?: string; template?: string; clusterScope?: boolean };
  phase?: string;
  boundaryID?: string;
  children?: string[];
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  hostNodeName?: string;
  outputs?: { exitCode?: string; [k: string]: unknown };
  [k: string]: unknown;
}
