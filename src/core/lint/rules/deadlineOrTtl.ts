import type { Rule } from '../context';
import { invocations } from '../argo';

/** Scheduled or fan-out workflows pile up in etcd without a TTL and may run forever without a deadline. */
export const deadlineOrTtl: Rule = {
  id: 'no-deadline-or-ttl',
  severity: 'information',
  description: 'Scheduled and high-volume workflows should set activeDeadlineSeconds and a ttlStrategy.',
  kinds: ['Workflow', 'CronWorkflow', 'WorkflowTemplate'],
  check(ctx) {
    const highVolume =
      ctx.kind === 'CronWorkflow' || invocations(ctx).some((i) => i.node.has('withItems') || i.node.has('withParam'));
    if (!highVolume) return;
    const missing = [
      !ctx.spec.has('activeDeadlineSeconds') && 'activeDeadlineSeconds',
      !ctx.spec.has('ttlStrategy') && !ctx.spec.has('podGC') && 'ttlStrategy',
    ].filter(Boolean);
    if (missing.length === 0) return;
    const why = ctx.kind === 'CronWorkflow' ? 'runs on a schedule' : 'fans out';
    ctx.report(
      ctx.spec.exists ? ctx.spec : ctx.root,
      `This workflow ${why} but sets no ${missing.join(' and no ')}: finished workflows accumulate in etcd and a stuck run never ends.`,
      { at: 'key' },
    );
  },
};
