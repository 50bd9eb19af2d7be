// Samples the usage of every running step of the connected context in the background, while the setting
// argoDoctor.usage.sampleRunningSteps is on (the default); what is kept goes to the steps' evidence. The workflow
// panel's requested-vs-used insights are read from it.
import type { Disposable } from 'vscode';
import { usageInsights } from '../core/diagnose/usageInsight';
import type { InsightSource } from '../core/diagnose/workflowInsights';
import type { Logger } from '../core/logger';
import { BackgroundUsage } from '../kube/backgroundUsage';
import { SAMPLE_MS, type UsageSampler } from '../kube/usageSampler';
import type { ClusterManager } from './cluster/clusterManager';
import { config } from './config';

/** `onSampled` is called after a round that took new samples (open workflow panels show them). */
export function sampleRunningSteps(
  cluster: ClusterManager,
  sampler: UsageSampler,
  logger: Logger,
  onSampled: () => void,
): Disposable {
  return cluster.perSession((session) => {
    const background = new BackgroundUsage(session, sampler, logger);
    const timer = setInterval(() => {
      if (config.sampleRunningSteps()) void background.round().then((n) => n > 0 && onSampled());
    }, SAMPLE_MS);
    return {
      dispose: () => {
        clearInterval(timer);
        sampler.flush();
      },
    };
  });
}

/** The workflow panel's requested-vs-used insights, from the samples kept for the workflow's steps. */
export function usageInsightSource(cluster: ClusterManager, sampler: UsageSampler): InsightSource {
  return ({ workflow, now }) => {
    const samples = sampler.samplesOfWorkflow(
      cluster.info.context,
      workflow.metadata?.namespace ?? '',
      workflow.metadata?.name ?? '',
    );
    return samples.size ? usageInsights(workflow, (id) => samples.get(id), now) : [];
  };
}
