import type { Rule } from '../context';
import { isSet, templateTypes } from '../argo';

const SOURCES = ['path', 'jsonPath', 'jqFilter', 'parameter', 'event', 'expression', 'supplied', 'configMapKeyRef'];
/** The sources Argo counts for an output parameter (validateOutputParameter): without one, valueFrom is empty. */
const OUTPUT_SOURCES = ['path', 'jqFilter', 'jsonPath', 'parameter', 'expression', 'supplied'];

/** Output parameters need exactly one source that fits the template type. */
export const outputsValueFrom: Rule = {
  id: 'output-value-from',
  severity: 'error',
  description: 'Output parameters need one valueFrom source that fits the template type.',
  check(ctx) {
    for (const t of ctx.templates) {
      const type = templateTypes(t.node)[0];
      const where = `templates.${t.name ?? '?'}.outputs.parameters`;
      for (const p of t.node.get('outputs').get('parameters').items()) {
        const name = p.get('name').str() ?? '?';
        const vf = p.get('valueFrom');
        if (!vf.exists || vf.isNull) {
          if (!p.has('value'))
            ctx.report(p.get('name'), `${where}.${name} does not have valueFrom or value specified.`);
          continue;
        }
        if (p.has('value')) {
          ctx.report(p.get('value'), `${where}.${name} has both value and valueFrom: choose one.`, { at: 'key' });
          continue;
        }
        const used = SOURCES.filter((s) => isSet(vf, s));
        if (used.length > 1) {
          ctx.report(vf, `${where}.${name} has multiple valueFrom sources (${used.join(', ')}); use exactly one.`, {
            at: 'key',
          });
          continue;
        }
        if (type === 'steps' || type === 'dag') {
          if (!isSet(vf, 'parameter') && !isSet(vf, 'expression') && !isSet(vf, 'supplied')) {
            ctx.report(
              vf,
              `${where}.${name}: valueFrom.parameter or expression must be specified for ${type === 'steps' ? 'Steps' : 'DAG'} templates.`,
              { at: 'key' },
            );
          }
        } else if (!OUTPUT_SOURCES.some((s) => isSet(vf, s))) {
          ctx.report(vf, `${where}.${name}.valueFrom needs one of ${OUTPUT_SOURCES.join(', ')}.`, { at: 'key' });
        } else if (
          (type === 'container' || type === 'script' || type === 'containerSet') &&
          (isSet(vf, 'jsonPath') || isSet(vf, 'jqFilter'))
        ) {
          ctx.report(
            vf,
            `${where}.${name}: jsonPath and jqFilter only work in resource templates; use valueFrom.path.`,
            { at: 'key' },
          );
        } else if ((type === 'container' || type === 'script' || type === 'containerSet') && !isSet(vf, 'path')) {
          ctx.report(vf, `${where}.${name}: valueFrom.path must be specified for ${type} templates.`, { at: 'key' });
        } else if (type === 'resource' && !isSet(vf, 'jsonPath') && !isSet(vf, 'jqFilter')) {
          ctx.report(vf, `${where}.${name}: valueFrom.jsonPath or jqFilter must be specified for resource templates.`, {
            at: 'key',
          });
        }
      }
      for (const a of t.node.get('outputs').get('artifacts').items()) {
        const name = a.get('name').str() ?? '?';
        if ((type === 'steps' || type === 'dag') && !a.has('from') && !a.has('fromExpression')) {
          ctx.report(
            a.get('name'),
            `templates.${t.name ?? '?'}.outputs.artifacts.${name}: from or fromExpression is required for ${type} templates.`,
          );
        } // A missing path in a pod template: artifact-path's finding.
      }
    }
  },
};
