// The workflow panel's cost insight: what the run cost with the prices set, split by resource, with what went to
// retries, to re-running steps that had succeeded before (a resubmit) and how many steps ran on spot nodes.
import { formatMoney, workflowCost, type CostPrices, type CostOptions } from '../model/cost';
import type { Insight } from '../model/insight';
import { isActive } from '../model/phase';
import type { Workflow } from '../model/workflow';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The cost insight of a run; none without prices or node status. */
export function costInsight(wf: Workflow, prices: CostPrices | undefined, opts: CostOptions = {}): Insight | undefined {
  const c = workflowCost(wf, prices, opts);
  if (!c || !c.steps.length) return undefined;
  const m = (n: number) => formatMoney(n, c.currency);
  const parts = [
    `${isActive(wf.status?.phase) ? 'This run has cost' : 'This run cost'} ~${m(c.cost.total)}${isActive(wf.status?.phase) ? ' so far' : ''} (CPU ${m(c.cost.cpu)}, memory ${m(c.cost.memory)}, GPU ${m(c.cost.gpu)})`,
  ];
  if (c.retries.attempts) parts.push(`retries ${m(c.retries.cost)}`);
  if (c.reruns?.steps) parts.push(`re-run succeeded steps ${m(c.reruns.cost)}`);
  if (c.spotSteps) parts.push(`${plural(c.spotSteps, 'step')} on spot nodes`);
  const top = [...c.steps].sort((a, b) => b.cost.total - a.cost.total)[0]!;
  const fromArgo = c.steps.filter((s) => s.source === 'argo').length;
  const detail = [
    `${plural(c.steps.length, 'pod step')}: ${
      fromArgo === c.steps.length
        ? "from Argo's resourcesDuration (requests × run time, an estimate)"
        : `${fromArgo} from Argo's resourcesDuration, ${c.steps.length - fromArgo} from requests × duration`
    }${c.unpriced ? `; ${c.unpriced} not counted (no duration)` : ''}.`,
    `Most expensive: ${top.label} (${m(top.cost.total)}).`,
  ];
  if (c.retries.attempts)
    detail.push(
      `${plural(c.retries.attempts, 'failed attempt')} retried cost ${m(c.retries.cost)}: if they fail for the same reason every time, fix the cause or limit retryStrategy.`,
    );
  if (c.resubmittedFrom && c.reruns)
    detail.push(
      c.reruns.steps
        ? `Resubmitted from ${c.resubmittedFrom}: ${plural(c.reruns.steps, 'step')} that had succeeded there ran again for ${m(c.reruns.cost)}. Retry Failed Steps (argo retry) re-runs only what failed; memoization skips steps already done.`
        : `Resubmitted from ${c.resubmittedFrom}: no step that had succeeded there ran again.`,
    );
  else if (c.resubmittedFrom)
    detail.push(`Resubmitted from ${c.resubmittedFrom}, which is no longer here to compare with: re-runs not counted.`);
  if (c.spotSteps)
    detail.push(`${plural(c.spotSteps, 'step')} ran on spot or preemptible nodes (priced with the spot discount).`);
  detail.push('Prices: settings argoDoctor.cost.*.');
  return {
    id: 'cost',
    severity: c.reruns?.steps || c.retries.attempts ? 'warning' : 'info',
    title: `${parts.join('; ')}.`,
    detail: detail.join(' '),
    nodeId: top.nodeId,
  };
}
