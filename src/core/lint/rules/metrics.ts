import type { Rule } from '../context';
import type { YNode } from '../ynode';

const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Prometheus metrics: valid names, a help string, and a value for gauges and counters. */
export const metrics: Rule = {
  id: 'invalid-metric',
  severity: 'error',
  description: 'Custom metrics need a Prometheus-valid name, a help string and a value.',
  check(ctx) {
    const lists: [YNode, string][] = [[ctx.spec.get('metrics'), 'spec']];
    for (const t of ctx.templates) lists.push([t.node.get('metrics'), `templates.${t.name ?? '?'}`]);
    for (const [m, where] of lists) {
      // Argo validates template metrics only; a broken workflow-level metric is not emitted (and not rejected).
      const severity = where === 'spec' ? ('warning' as const) : undefined;
      const report = (n: YNode, message: string, opts: { at?: 'key' } = {}) =>
        ctx.report(n, message, { ...opts, severity });
      for (const p of m.get('prometheus').items()) {
        const nameNode = p.get('name');
        const name = nameNode.str();
        if (!name) {
          report(p, `${where} metric: name is required.`);
          continue;
        }
        if (!METRIC_NAME.test(name))
          report(
            nameNode,
            `${where} metric name '${name}' is invalid. Metric names must contain alphanumeric characters or '_'.`,
          );
        for (const l of p.get('labels').items()) {
          const key = l.get('key').str();
          if (key !== undefined && !METRIC_NAME.test(key))
            report(
              l.get('key'),
              `${where} metric '${name}': label '${key}' is invalid: label keys may only contain letters, digits and '_'.`,
            );
        }
        if (!p.get('help').str())
          report(nameNode, `${where} metric '${name}' must contain a help string under 'help: ' field.`);
        const kinds = ['gauge', 'counter', 'histogram'].filter((k) => p.has(k));
        if (kinds.length === 0) report(nameNode, `${where} metric '${name}' needs one of gauge, counter or histogram.`);
        const gauge = p.get('gauge');
        if (gauge.get('realtime').bool() === true && (gauge.get('value').str() ?? '').includes('resourcesDuration.'))
          report(
            gauge.get('value'),
            `${where} metric '${name}' error: 'resourcesDuration.*' is only known when the step ends; it cannot be used in a realtime gauge.`,
          );
        for (const k of ['gauge', 'counter', 'histogram'] as const) {
          if (p.has(k) && !p.get(k).get('value').str())
            report(p.get(k), `${where} metric '${name}' error: missing ${k}.value.`, { at: 'key' });
        }
        if (p.has('histogram') && p.get('histogram').get('buckets').items().length === 0) {
          report(p.get('histogram'), `${where} metric '${name}' error: histogram needs buckets.`, { at: 'key' });
        }
      }
    }
  },
};
