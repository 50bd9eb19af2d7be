import type { Rule } from '../context';

/** container and script templates (and containerSet containers) need an image unless templateDefaults gives one. */
export const missingImage: Rule = {
  id: 'missing-image',
  severity: 'error',
  description: 'Containers need an image, unless templateDefaults provides one.',
  check(ctx) {
    const defaults = ctx.templateDefaults;
    for (const t of ctx.templates) {
      for (const type of ['container', 'script'] as const) {
        const c = t.node.get(type);
        if (!c.exists) continue;
        const image = c.get('image').str();
        if (image) continue;
        if (defaults.get(type).get('image').str()) continue;
        ctx.report(
          c,
          `templates.${t.name ?? '?'}.${type}.image must be specified: which container image should run this step?`,
          { at: 'key' },
        );
      }
      for (const c of t.node.get('containerSet').get('containers').items()) {
        if (c.get('image').str() || defaults.get('container').get('image').str()) continue;
        ctx.report(
          c.get('name').exists ? c.get('name') : c,
          `containerSet container '${c.get('name').str() ?? '?'}' in template '${t.name ?? '?'}' must specify an image.`,
        );
      }
    }
  },
};
