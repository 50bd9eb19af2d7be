import type { Rule } from '../context';
import type { YNode } from '../ynode';

/** Images pinned by tag or digest make reruns reproducible; `:latest` or no tag can change under you. */
export const imageTag: Rule = {
  id: 'image-latest-tag',
  severity: 'warning',
  description: 'Images should be pinned to a version tag or digest, not :latest or untagged.',
  check(ctx) {
    const images: YNode[] = [];
    for (const t of ctx.templates) {
      images.push(t.node.get('container').get('image'), t.node.get('script').get('image'));
      for (const list of ['sidecars', 'initContainers'])
        for (const c of t.node.get(list).items()) images.push(c.get('image'));
      for (const c of t.node.get('containerSet').get('containers').items()) images.push(c.get('image'));
    }
    for (const img of images) {
      const ref = img.str();
      if (!ref || ref.includes('{{') || ref.includes('@sha256:')) continue;
      const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
      const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
      if (tag === 'latest')
        ctx.report(
          img,
          `Image '${ref}' uses the :latest tag: a rerun may get a different image. Pin a version (e.g. python:3.12.4) or a digest.`,
        );
      else if (tag === undefined)
        ctx.report(
          img,
          `Image '${ref}' has no tag, which means :latest: a rerun may get a different image. Pin a version or a digest.`,
        );
    }
  },
};
