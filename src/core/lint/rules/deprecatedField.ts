import type { Node } from 'yaml';
import { NEWEST_ARGO } from '../argoVersion';
import type { LintContext, Rule } from '../context';
import { listFormEdits } from '../modernize';
import type { YNode } from '../ynode';

/**
 * Argo 3.6 and 3.7 still accept the singular `schedule`, `synchronization.semaphore` and `synchronization.mutex`,
 * deprecated for their list forms and removed in 4.0: say so, with the rewrite `argo convert` does. (On 4.x they are
 * unknown fields; before 3.6 there is no list form.)
 */
export const deprecatedField: Rule = {
  id: 'deprecated-field',
  severity: 'information',
  description: 'Singular fields Argo 3.6 deprecated and 4.0 removed (schedule, semaphore, mutex): use their lists.',
  check(ctx) {
    const version = ctx.options.argoVersion ?? NEWEST_ARGO;
    if (version !== '3.6' && version !== '3.7') return;
    if (ctx.kind === 'CronWorkflow') hint(ctx, ctx.root.get('spec'), 'schedule', 'schedules', version);
    const syncs = [ctx.spec.get('synchronization'), ...ctx.templates.map((t) => t.node.get('synchronization'))];
    for (const sync of syncs) {
      hint(ctx, sync, 'semaphore', 'semaphores', version);
      hint(ctx, sync, 'mutex', 'mutexes', version);
    }
  },
};

function hint(ctx: LintContext, parent: YNode, field: string, plural: string, version: string): void {
  const node = parent.get(field);
  if (!node.exists || !node.pair) return;
  const edits = listFormEdits(ctx.parsed.ydoc, node.pair.key as Node, node.node, plural);
  ctx.report(
    node,
    `'${field}' is deprecated since Argo 3.6 and removed in 4.0 (this file is checked for Argo ${version}): ` +
      `use '${plural}', a list.`,
    {
      at: 'key',
      fixes: edits ? [{ title: `Rewrite as '${plural}' (as argo convert does)`, edits, preferred: true }] : undefined,
    },
  );
}
