// Samples the usage of every running step of the connected context in the background, while the setting
// argoDoctor.usage.sampleRunningSteps is on (the default); what is kept goes to the steps' evidence.
import type { Disposable } from 'vscode';
import type { Logger } from '../core/logger';
import { BackgroundUsage } from '../kube/backgroundUsage';
import { SAMPLE_MS, type UsageSampler } from '../kube/usageSampler';
import type { ClusterManager } from './cluster/clusterManager';
import { config } from './config';

export function sampleRunningSteps(cluster: ClusterManager, sampler: UsageSampler, logger: Logger): Disposable {
  return cluster.perSession((session) => {
    const background = new BackgroundUsage(session, sampler, logger);
    const timer = setInterval(() => {
      if (config.sampleRunningSteps()) void background.round();
    }, SAMPLE_MS);
    return {
      dispose: () => {
        clearInterval(timer);
        sampler.flush();
      },
    };
  });
}
