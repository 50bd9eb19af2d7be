import { stringify } from 'yaml';

/** A kubeconfig for the demo cluster: its CA, a bearer token, one context. */
export function demoKubeconfig(o: {
  server: string;
  caPem: string;
  token: string;
  contextName?: string;
  namespace?: string;
  user?: string;
}): string {
  const context = o.contextName ?? 'argo-doctor-demo';
  const user = o.user ?? 'argo-doctor-demo-user';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: context,
        cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.caPem).toString('base64') },
      },
    ],
    users: [{ name: user, user: { token: o.token } }],
    contexts: [{ name: context, context: { cluster: context, user, namespace: o.namespace ?? 'argo' } }],
    'current-context': context,
    preferences: {},
  });
}
