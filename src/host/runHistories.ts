import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { Insight } from '../core/model/insight';
import { slowRunInsight, type RunComparison } from '../core/model/runHistory';
import { templateRefOf, type RunRecord, type TemplateRef } from '../core/model/runRecord';
import type { Workflow } from '../core/model/workflow';
import { RunHistoryStore, DEFAULT_HISTORY_LIMITS } from '../kube/runHistoryStore';
import { TemplateRuns } from '../kube/templateRuns';
import type { ClusterManager } from './cluster/clusterManager';
import { DisposableStore } from './disposable';

/**
 * The run histories of WorkflowTemplates and CronWorkflows for the views: one store on disk (in the extension's
 * global storage), and per session the runs recorded as they finish and merged with what the cluster lists.
 */
export class RunHistories extends DisposableStore {
  readonly store: RunHistoryStore;
  private current: TemplateRuns | undefined;
  private readonly changed = this.add(new vscode.EventEmitter<TemplateRef>());
  /** Fires when a template's history was loaded or a run of it recorded: rows that show it refresh. */
  readonly onDidChange = this.changed.event;

  constructor(cluster: ClusterManager, storageDir: string, logger: Logger) {
    super();
    this.store = new RunHistoryStore(path.join(storageDir, 'run-history'), DEFAULT_HISTORY_LIMITS, logger);
    this.add(
      cluster.perSession((session) => {
        const runs = new TemplateRuns(session, this.store, { logger });
        this.current = runs;
        const sub = runs.onDidChange((t) => this.changed.fire(t));
        return {
          dispose: () => {
            sub.dispose();
            runs.dispose();
            if (this.current === runs) this.current = undefined;
          },
        };
      }),
    );
  }

  /** How a finished run of a template compares with its history, if known now (else loaded in the background). */
  verdict(key: string): RunComparison | undefined {
    return this.current?.verdict(key);
  }

  /**
   * The workflow panel's "slow run" insight for a whole finished workflow (and its pods, if read), once its
   * template's history is known; undefined until then (onDidChange fires) or when the run is not slow.
   */
  insight(wf: Workflow, pods: unknown[] = []): Insight | undefined {
    const t = templateRefOf(wf);
    const runs = t ? this.history(t) : undefined;
    return runs ? slowRunInsight(wf, runs, pods) : undefined;
  }

  /** A template's runs, newest first, if loaded already; never starts a load. */
  known(t: TemplateRef): RunRecord[] | undefined {
    return this.current?.known(t);
  }

  /** A template's runs, newest first, if known now (else loaded in the background). */
  history(t: TemplateRef): RunRecord[] | undefined {
    return this.current?.history(t);
  }
}
