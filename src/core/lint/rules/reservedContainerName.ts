import type { Rule } from '../context';

const RESERVED = ['init', 'wait'];

/** Sidecars and init containers cannot use the names of Argo's executor containers. */
export const reservedContainerName: Rule = {
  id: 'reserved-container-name',
  severity: 'error',
  description: "Container names 'init' and 'wait' are reserved for Argo's executor.",
  beyondArgo:
    "argo lint 4.0 accepts these names (4.1 rejects a sidecar named 'wait'); the pod then holds two containers of one " +
    'name, which Kubernetes rejects when it creates it.',
  check(ctx) {
    for (const t of ctx.templates) {
      for (const list of ['sidecars', 'initContainers']) {
        for (const c of t.node.get(list).items()) {
          const n = c.get('name').str();
          if (n && (RESERVED.includes(n) || n === 'main'))
            ctx.report(
              c.get('name'),
              `templates.${t.name ?? '?'}.${list}: container name '${n}' is reserved for Argo; choose another name.`,
            );
        }
      }
      for (const type of ['container', 'script']) {
        const nameNode = t.node.get(type).get('name');
        const main = nameNode.str();
        if (main && RESERVED.includes(main))
          ctx.report(nameNode, `templates.${t.name ?? '?'}: container name '${main}' is reserved for Argo.`);
      }
    }
  },
};
