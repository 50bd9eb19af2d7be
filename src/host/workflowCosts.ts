import * as vscode from 'vscode';
import { costInsight } from '../core/diagnose/costInsight';
import type { InsightSource } from '../core/diagnose/workflowInsights';
import { formatMoney, hasPrices, RESUBMITTED_FROM_LABEL, totalCost, type CostPrices } from '../core/model/cost';
import { isActive } from '../core/model/phase';
import type { Workflow } from '../core/model/workflow';
import { isSummary } from '../core/model/workflowSummary';
import type { ClusterManager } from './cluster/clusterManager';
import { config, onDidChangeConfig } from './config';
import { DisposableStore } from './disposable';

/** Runs a resubmit came from, kept whole for comparison, at most. */
const MAX_ORIGINALS = 20;

/**
 * What runs cost, with the prices in `argoDoctor.cost.*`: the workflow panel's cost insight (reading, once, the run a
 * resubmitted one came from, to tell what it ran again) and a line for the workflow rows' tooltips. Nothing when no
 * price is set.
 */
export class WorkflowCosts extends DisposableStore {
  private prices: CostPrices = config.costPrices();
  /** The run a resubmit came from, by context and key: whole, gone (null), or being read. */
  private readonly originals = new Map<string, Workflow | null | 'reading'>();
  private readonly changed = this.add(new vscode.EventEmitter<void>());
  /** Fires when the prices changed or a run to compare with was read: panels and rows show the cost again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly cluster: ClusterManager) {
    super();
    this.add(
      onDidChangeConfig(() => {
        this.prices = config.costPrices();
        this.changed.fire();
      }, 'cost'),
    );
  }

  get enabled(): boolean {
    return hasPrices(this.prices);
  }

  /** The prices set, or undefined when none is. */
  pricesIfSet(): CostPrices | undefined {
    return hasPrices(this.prices) ? this.prices : undefined;
  }

  /** The workflow panel's insight source. */
  readonly insight: InsightSource = ({ workflow, spotNodes }) => {
    if (!this.enabled) return [];
    const i = costInsight(workflow, this.prices, { spotNodes, previous: this.original(workflow) });
    return i ? [i] : [];
  };

  /** A row's tooltip line: the run's cost from its status total ("so far" while it runs); undefined without prices. */
  tooltipLine(wf: Workflow): string | undefined {
    const m = totalCost(wf, this.prices);
    if (!m) return undefined;
    const f = (n: number) => formatMoney(n, this.prices.currency);
    return `Cost${isActive(wf.status?.phase) ? ' so far' : ''}: ~${f(m.total)} (CPU ${f(m.cpu)}, memory ${f(m.memory)}, GPU ${f(m.gpu)})`;
  }

  /** The run a resubmitted workflow came from, whole, if here (read in the background the first time). */
  private original(wf: Workflow): Workflow | undefined {
    const from = wf.metadata?.labels?.[RESUBMITTED_FROM_LABEL];
    if (!from) return undefined;
    const key = `${wf.metadata?.namespace ?? ''}/${from}`;
    const id = `${this.cluster.info.context}\u0000${key}`;
    const known = this.originals.get(id);
    if (known !== undefined) return known === 'reading' || known === null ? undefined : known;
    const here = this.cluster.workflow(key);
    if (!here) {
      this.originals.set(id, null);
      return undefined;
    }
    if (!isSummary(here)) return here;
    if (this.originals.size >= MAX_ORIGINALS) this.originals.clear();
    this.originals.set(id, 'reading');
    void this.cluster.wholeWorkflow(key).then(
      (whole) => {
        this.originals.set(id, whole && !isSummary(whole) ? whole : null);
        this.changed.fire();
      },
      () => this.originals.set(id, null),
    );
    return undefined;
  }
}
