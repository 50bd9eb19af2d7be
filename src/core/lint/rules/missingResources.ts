import type { Rule } from '../context';
import type { YNode } from '../ynode';

/** True when the container's resources (or templateDefaults') set `section.key`. */
function declares(res: YNode, defaults: YNode, section: string, key: string): boolean {
  return res.get(section).has(key) || defaults.get(section).has(key);
}

/**
 * Containers without memory requests/limits are the first to be OOM-killed or evicted, and the scheduler cannot
 * place them well. Quick fix: a resources skeleton to fill in.
 */
export const missingResources: Rule = {
  id: 'missing-resources',
  severity: 'warning',
  description: 'Containers should declare memory and CPU requests and a memory limit.',
  check(ctx) {
    const defaults = ctx.templateDefaults.get('container').get('resources');
    for (const t of ctx.templates) {
      for (const type of ['container', 'script'] as const) {
        const c = t.node.get(type);
        if (!c.isMap) continue;
        const res = c.get('resources');
        const missing: string[] = [];
        if (!declares(res, defaults, 'requests', 'memory')) missing.push('memory request');
        if (!declares(res, defaults, 'requests', 'cpu')) missing.push('CPU request');
        if (!declares(res, defaults, 'limits', 'memory')) missing.push('memory limit');
        if (missing.length === 0) continue;
        const fixes = [];
        const image = c.get('image');
        if (!res.exists && image.exists) {
          const r = image.keyRange();
          const indent = ' '.repeat(r.start.character);
          fixes.push({
            title: 'Add a resources skeleton',
            edits: [
              {
                range: { start: { line: r.start.line, character: 0 }, end: { line: r.start.line, character: 0 } },
                newText: `${indent}resources:\n${indent}  requests: {memory: 512Mi, cpu: 500m}\n${indent}  limits: {memory: 1Gi}\n`,
              },
            ],
          });
        }
        ctx.report(
          c,
          `templates.${t.name ?? '?'}.${type} has no ${missing.join(', ')}: without them the pod is the first to be OOM-killed or evicted when the node runs short.`,
          { at: 'key', fixes },
        );
      }
    }
  },
};
