import type { Rule } from '../context';
import { artifactHasLocationOrKey, invocations } from '../argo';

const ARG_VALUE_FROM = ['default', 'configMapKeyRef', 'supplied', 'event', 'expression'];

/** Step/task arguments: artifacts need a source, parameters take only some valueFrom kinds. */
export const argumentSources: Rule = {
  id: 'argument-source',
  severity: 'error',
  description: 'Argument artifacts need from, a location or a key; argument valueFrom supports only some sources.',
  check(ctx) {
    for (const inv of invocations(ctx)) {
      const where = `templates.${inv.parentName ?? '?'}.${inv.kind === 'step' ? 'steps' : 'tasks'}.${inv.name ?? '?'}.arguments`;
      for (const a of inv.node.get('arguments').get('artifacts').items()) {
        const ok =
          a.has('from') ||
          a.has('fromExpression') ||
          a.has('key') ||
          artifactHasLocationOrKey(a) ||
          a.get('optional').bool() === true;
        if (!ok)
          ctx.report(
            a.get('name').exists ? a.get('name') : a,
            `${where}.artifacts.${a.get('name').str() ?? '?'}: from, artifact location, or key is required.`,
          );
      }
      for (const p of inv.node.get('arguments').get('parameters').items()) {
        const vf = p.get('valueFrom');
        for (const k of vf.keys()) {
          if (!ARG_VALUE_FROM.includes(k)) {
            ctx.report(
              vf,
              `${where}.parameters.${p.get('name').str() ?? '?'}.valueFrom only allows: default, configMapKeyRef and supplied (found '${k}').`,
              { at: 'key' },
            );
            break;
          }
        }
      }
    }
    // Workflow arguments: Argo checks them the same way, without the optional exception.
    for (const a of ctx.spec.get('arguments').get('artifacts').items()) {
      if (a.has('from') || a.has('fromExpression') || artifactHasLocationOrKey(a)) continue;
      ctx.report(
        a.get('name').exists ? a.get('name') : a,
        `spec.arguments.artifacts.${a.get('name').str() ?? '?'}: from, artifact location, or key is required.`,
      );
    }
  },
};
