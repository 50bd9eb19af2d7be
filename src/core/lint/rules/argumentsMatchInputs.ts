import type { Rule } from '../context';
import { closest, invocations, refTemplate } from '../argo';

/** Arguments that no input of the called template declares are silently ignored by Argo. */
export const argumentsMatchInputs: Rule = {
  id: 'argument-not-an-input',
  severity: 'warning',
  description: 'Step and task arguments should match inputs of the called template.',
  check(ctx) {
    for (const inv of invocations(ctx)) {
      let inputs: string[] | undefined;
      const local = ctx.templateByName.get(inv.node.get('template').str() ?? '');
      if (local && !inv.node.has('templateRef'))
        inputs = local
          .get('inputs')
          .get('parameters')
          .items()
          .map((p) => p.get('name').str() ?? '');
      const ref = inv.node.get('templateRef');
      if (ref.exists) inputs = refTemplate(ctx, ref)?.inputParameters.map((p) => p.name);
      if (!inputs) continue;
      for (const a of inv.node.get('arguments').get('parameters').items()) {
        const n = a.get('name').str();
        if (!n || n.includes('{{') || inputs.includes(n)) continue;
        const s = closest(n, inputs);
        ctx.report(
          a.get('name'),
          `argument '${n}' of ${inv.kind} '${inv.name ?? '?'}' matches no input of the called template, so Argo ignores it${s ? `: did you mean '${s}'?` : '.'}`,
          {
            fixes: s
              ? [{ title: `Change to '${s}'`, edits: [{ range: a.get('name').range(), newText: s }], preferred: true }]
              : undefined,
          },
        );
      }
    }
  },
};
