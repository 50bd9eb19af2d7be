import type { LintContext, Rule } from '../context';
import { invocations } from '../argo';
import type { YNode } from '../ynode';

/** container and script templates (and containerSet containers) need an image unless templateDefaults gives one. */
export const missingImage: Rule = {
  id: 'missing-image',
  severity: 'error',
  description: 'Containers need an image, unless templateDefaults provides one.',
  check(ctx) {
    const defaults = ctx.templateDefaults;
    for (const t of ctx.templates) {
      checkImages(ctx, t.node, `templates.${t.name ?? '?'}`);
      for (const c of t.node.get('containerSet').get('containers').items()) {
        if (c.get('image').str() || defaults.get('container').get('image').str()) continue;
        ctx.report(
          c.get('name').exists ? c.get('name') : c,
          `containerSet container '${c.get('name').str() ?? '?'}' in template '${t.name ?? '?'}' must specify an image.`,
        );
      }
    }
    // Templates written inline in a step or task.
    for (const inv of invocations(ctx))
      if (inv.node.has('inline')) checkImages(ctx, inv.node.get('inline'), `${inv.kind} '${inv.name ?? '?'}' inline`);
  },
};

function checkImages(ctx: LintContext, tpl: YNode, where: string): void {
  for (const type of ['container', 'script'] as const) {
    const c = tpl.get(type);
    if (!c.exists) continue;
    if (c.get('image').str()) continue;
    if (ctx.templateDefaults.get(type).get('image').str()) continue;
    ctx.report(c, `${where}.${type}.image must be specified: which container image should run this step?`, {
      at: 'key',
    });
  }
}
