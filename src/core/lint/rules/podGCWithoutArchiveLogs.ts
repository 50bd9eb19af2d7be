import type { Rule } from '../context';

/** Pod GC deletes the pods, and with them the logs, unless logs are archived to the artifact repository. */
export const podGCWithoutArchiveLogs: Rule = {
  id: 'pod-gc-without-archive-logs',
  severity: 'information',
  description: 'podGC deletes pods and their logs; archive logs to keep the evidence of failures.',
  check(ctx) {
    const gc = ctx.spec.get('podGC');
    const strategy = gc.get('strategy').str();
    if (!strategy || strategy === 'OnWorkflowSuccess' || strategy === 'OnPodSuccess') return; // failures keep their pods
    const archived =
      ctx.spec.get('archiveLogs').bool() === true ||
      ctx.templates.some((t) => t.node.get('archiveLocation').get('archiveLogs').bool() === true);
    if (archived) return;
    ctx.report(
      gc.get('strategy'),
      `podGC ${strategy} deletes failed pods too, and their logs with them: set spec.archiveLogs: true (or use OnPodSuccess) so the evidence of a failure survives.`,
    );
  },
};
