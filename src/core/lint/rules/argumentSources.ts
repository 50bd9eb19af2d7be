import type { Rule } from '../context';
import { artifactHasLocationOrKey, invocations, isSet } from '../argo';
import type { YNode } from '../ynode';

/** An argument's valueFrom must name one of these (validateArgumentsValues)… */
const ARG_VALUE_FROM = ['configMapKeyRef', 'supplied', 'event'];
/** …and none of these, which only outputs take. */
const OUTPUT_ONLY = ['path', 'jsonPath', 'parameter', 'expression'];

/** Workflow and step/task arguments: artifacts need a source, parameters take only some valueFrom kinds. */
export const argumentSources: Rule = {
  id: 'argument-source',
  severity: 'error',
  description: 'Argument artifacts need from, a location or a key; argument valueFrom supports only some sources.',
  check(ctx) {
    const check = (args: YNode, where: string) => {
      for (const a of args.get('artifacts').items()) {
        const name = a.get('name').str() ?? '?';
        const ok = isSet(a, 'from') || isSet(a, 'key') || artifactHasLocationOrKey(a);
        if (!ok)
          ctx.report(
            a.get('name').exists ? a.get('name') : a,
            `${where}.artifacts.${name}: from, artifact location, or key is required.`,
          );
        else if (isSet(a, 'from') && isSet(a, 'fromExpression'))
          ctx.report(
            a.get('fromExpression'),
            `${where}.artifacts.${name}: use either from or fromExpression, not both.`,
            {
              at: 'key',
            },
          );
      }
      for (const p of args.get('parameters').items()) {
        const vf = p.get('valueFrom');
        if (!vf.exists || vf.isNull) continue;
        const wrong = vf.keys().find((k) => OUTPUT_ONLY.includes(k));
        if (wrong || !ARG_VALUE_FROM.some((k) => vf.has(k)))
          ctx.report(
            vf,
            `${where}.parameters.${p.get('name').str() ?? '?'}.valueFrom only allows: default, configMapKeyRef and supplied (${wrong ? `found '${wrong}'` : 'default needs configMapKeyRef'}).`,
            { at: 'key' },
          );
      }
    };
    check(ctx.spec.get('arguments'), 'spec.arguments');
    for (const inv of invocations(ctx)) {
      const where = `templates.${inv.parentName ?? '?'}.${inv.kind === 'step' ? 'steps' : 'tasks'}.${inv.name ?? '?'}.arguments`;
      check(inv.node.get('arguments'), where);
    }
  },
};
