import type { Rule } from '../context';
import type { YNode } from '../ynode';

const POD_LEVEL = ['cpu', 'memory', 'hugepages-'];
const NO_POD = ['http', 'suspend', 'steps', 'dag', 'plugin'];

/** Pod-level resources (Kubernetes 1.32+) accept only cpu, memory and hugepages, and need a pod. */
export const podResources: Rule = {
  id: 'pod-resources',
  severity: 'error',
  description: 'podResources and resourceClaims: only cpu/memory/hugepages, and only on templates that run a pod.',
  check(ctx) {
    const checkNames = (pr: YNode, where: string) => {
      for (const section of ['requests', 'limits']) {
        for (const [name, , key] of pr.get(section).entries()) {
          if (!POD_LEVEL.some((p) => name === p || (p.endsWith('-') && name.startsWith(p)))) {
            ctx.report(
              key,
              `${where}: "${name}" is not a valid pod-level resource (only cpu, memory and hugepages-*).`,
            );
          }
        }
      }
    };
    checkNames(ctx.spec.get('podResources'), 'spec.podResources');
    for (const t of ctx.templates) {
      const where = `templates.${t.name ?? '?'}`;
      const type = NO_POD.find((k) => t.node.has(k));
      for (const field of ['podResources', 'resourceClaims']) {
        if (t.node.has(field) && type) {
          ctx.report(
            t.node.get(field),
            `${where}.${field} is not supported for ${type === 'http' ? 'HTTP' : type} templates (they run no pod of their own).`,
            { at: 'key' },
          );
        }
      }
      checkNames(t.node.get('podResources'), `${where}.podResources`);
    }
  },
};
