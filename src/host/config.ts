import * as vscode from 'vscode';
import { CONFIG_SECTION } from './ids';
import { ARGO_VERSIONS, type ArgoVersion } from '../core/lint/argoVersion';
import type { CostPrices } from '../core/model/cost';

export type RuleSeverity = 'error' | 'warning' | 'information' | 'off';

/** Typed reads of the `argoDoctor.*` settings; core code receives plain option objects built from these. */
export const config = {
  namespaces(): string[] {
    return get<string[]>('namespaces', []).filter((n) => typeof n === 'string' && n.length > 0);
  },
  lintEnabled(): boolean {
    return get<boolean>('lint.enabled', true);
  },
  lintRules(): Record<string, RuleSeverity> {
    const raw = get<Record<string, unknown>>('lint.rules', {});
    const out: Record<string, RuleSeverity> = {};
    for (const [rule, sev] of Object.entries(raw ?? {})) {
      if (sev === 'error' || sev === 'warning' || sev === 'information' || sev === 'off') out[rule] = sev;
    }
    return out;
  },
  groupBy(): 'none' | 'namespace' | 'phase' {
    const v = get<string>('workflows.groupBy', 'none');
    return v === 'namespace' || v === 'phase' ? v : 'none';
  },
  /** How many workflows the sidebar shows before a "show more" row. */
  workflowsLimit(): number {
    const v = get<number>('workflows.limit', 300);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(100_000, Math.max(10, Math.floor(v))) : 300;
  },
  /** Connect to the current context when the Argo view is first shown (and at start where connected before). */
  autoConnect(): boolean {
    return get<boolean>('autoConnect', true);
  },
  /** The Argo version to lint for: 'auto' (the cluster's, else the newest) or a version. */
  argoVersion(): 'auto' | ArgoVersion {
    const v = get<string>('argoVersion', 'auto');
    return (ARGO_VERSIONS as readonly string[]).includes(v) ? (v as ArgoVersion) : 'auto';
  },
  argoServerUrl(): string {
    return get<string>('argoServerUrl', '').trim();
  },
  /** Sample the usage of every running step in the background (else only steps whose panel is open). */
  sampleRunningSteps(): boolean {
    return get<boolean>('usage.sampleRunningSteps', true);
  },
  /** The prices set under `argoDoctor.cost.*` (a negative, non-number or unset price is no price). */
  costPrices(): CostPrices {
    const price = (key: string): number | undefined => {
      const v = get<unknown>(key, undefined);
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
    };
    const currency = get<unknown>('cost.currency', '$');
    const discount = price('cost.spotDiscount');
    return {
      cpuHour: price('cost.cpuHour'),
      memoryGiBHour: price('cost.memoryGiBHour'),
      gpuHour: price('cost.gpuHour'),
      currency: typeof currency === 'string' && currency.trim() ? currency.trim().slice(0, 8) : '$',
      spotDiscount: discount === undefined ? 0 : Math.min(1, discount),
    };
  },
};

function get<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<T>(key, fallback);
}

/** Fires when any `argoDoctor.*` setting (or one of the given sub-keys) changes. */
export function onDidChangeConfig(listener: () => void, ...keys: string[]): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const sections = keys.length ? keys.map((k) => `${CONFIG_SECTION}.${k}`) : [CONFIG_SECTION];
    if (sections.some((s) => e.affectsConfiguration(s))) listener();
  });
}
