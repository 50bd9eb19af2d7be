import type { Rule } from '../context';

const LIMIT = 1024 * 1024;

/** Kubernetes stores objects in etcd with a ~1.5 MB request limit; Argo recommends staying well under 1 MB. */
export const manifestSize: Rule = {
  id: 'manifest-size',
  severity: 'warning',
  description: 'Manifests approaching the 1 MB object size limit fail to submit or to update their status.',
  check(ctx) {
    const r = ctx.root.node?.range;
    if (!r) return;
    const bytes = r[2] - r[0];
    if (bytes > LIMIT * 0.7) {
      ctx.report(
        ctx.root.get('kind').exists ? ctx.root.get('kind') : ctx.root,
        `This manifest is ${(bytes / 1024).toFixed(0)} KB, close to the ~1 MB Kubernetes object limit (and the workflow's status grows as it runs): move large scripts or data into a ConfigMap, an artifact or a WorkflowTemplate.`,
        { at: 'key' },
      );
    }
  },
};
