import type { Rule } from '../context';
import { isLeafTemplate, templateTypes } from '../argo';

/**
 * Artifact paths are files in a pod: an input artifact of a template that runs a pod needs one, and a steps, dag or
 * suspend template (no pod of its own) cannot have one.
 */
export const artifactPath: Rule = {
  id: 'artifact-path',
  severity: 'error',
  description:
    'Artifacts of container, script and other pod templates need a path; steps, dag and suspend templates take no artifact paths.',
  check(ctx) {
    for (const t of ctx.templates) {
      if (templateTypes(t.node).length === 0) continue;
      const leaf = isLeafTemplate(t.node);
      const where = `templates.${t.name ?? '?'}`;
      for (const section of ['inputs', 'outputs'] as const) {
        for (const a of t.node.get(section).get('artifacts').items()) {
          const name = a.get('name').str() ?? '?';
          const path = a.get('path');
          if (!leaf && path.exists && !path.isNull && path.str() !== '') {
            ctx.report(
              path,
              `${where}.${section}.artifacts.${name}.path is only valid in templates that run a pod (container, script, …): remove it${section === 'inputs' ? ' and pass the artifact on to the step that uses it' : ''}.`,
              { at: 'key' },
            );
          } else if (leaf && (!path.exists || path.isNull || path.str() === '')) {
            ctx.report(
              a.get('name').exists ? a.get('name') : a,
              section === 'inputs'
                ? `${where}.inputs.artifacts.${name} has no path: where in the container should Argo put it?`
                : `${where}.outputs.artifacts.${name} has no path: which file or folder of the container should Argo save?`,
            );
          }
        }
      }
    }
  },
};
