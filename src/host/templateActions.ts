import * as vscode from 'vscode';
import { submissionOf, submitParameters, type CatalogObject, type Parameter } from '../core/model/catalog';
import type { KObject } from '../kube/kubeClient';
import type { CatalogPlural } from '../kube/clusterSession';
import type { ClusterManager } from './cluster/clusterManager';
import { DisposableStore } from './disposable';
import type { CatalogTreeElement } from './templatesView';
import type { CommandRegistry } from './commandRegistry';
import { Commands, type CommandId } from './ids';

/** Extra arguments of the submit commands (for keybindings and scripts): parameters given skip the prompts. */
export interface SubmitOptions {
  parameters?: Record<string, string>;
  namespace?: string;
}

type CatalogItem = Extract<CatalogTreeElement, { kind: 'catalog' }>;

/** Submit from a template, run a cron workflow now, suspend or resume a cron workflow. */
export class TemplateActions extends DisposableStore {
  constructor(
    private readonly cluster: ClusterManager,
    commands: CommandRegistry,
  ) {
    super();
    const reg = (id: CommandId, fn: (el?: CatalogTreeElement, opts?: SubmitOptions) => unknown) =>
      this.add(commands.register(id, fn));
    reg(Commands.submitTemplate, (el, opts) =>
      this.submit(el, ['workflowtemplates', 'clusterworkflowtemplates'], opts),
    );
    reg(Commands.runCronNow, (el, opts) => this.submit(el, ['cronworkflows'], opts));
    reg(Commands.suspendCron, (el) => this.suspendCron(el, true));
    reg(Commands.resumeCron, (el) => this.suspendCron(el, false));
  }

  private object(el: CatalogItem): CatalogObject | undefined {
    return this.cluster
      .catalog(el.plural)
      .find((o) => o.metadata?.name === el.name && (o.metadata?.namespace ?? '') === el.namespace) as
      CatalogObject | undefined;
  }

  /** The item a command was run on, or one picked from the kinds given when run from the palette. */
  private async target(
    el: CatalogTreeElement | undefined,
    plurals: CatalogPlural[],
  ): Promise<{ el: CatalogItem; o: CatalogObject } | undefined> {
    if (el?.kind === 'catalog') {
      const o = this.object(el);
      if (!o) void vscode.window.showWarningMessage(`Argo Doctor: ${el.name} is no longer in the cluster.`);
      return o ? { el, o } : undefined;
    }
    const items = plurals.flatMap((plural) =>
      this.cluster.catalog(plural).map((o) => ({
        label: o.metadata?.name ?? '',
        description: `${o.kind ?? ''}${o.metadata?.namespace ? ` · ${o.metadata.namespace}` : ''}`,
        el: {
          kind: 'catalog',
          plural,
          namespace: o.metadata?.namespace ?? '',
          name: o.metadata?.name ?? '',
        } as CatalogItem,
        o: o as CatalogObject,
      })),
    );
    if (!items.length) {
      void vscode.window.showInformationMessage(
        `Argo Doctor: no ${plurals.includes('cronworkflows') ? 'CronWorkflows' : 'WorkflowTemplates'} are known in the current context. Connect to a cluster or start the demo cluster first.`,
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: plurals.includes('cronworkflows') ? 'Run which cron workflow now?' : 'Submit from which template?',
      matchOnDescription: true,
    });
    return picked ? { el: picked.el, o: picked.o } : undefined;
  }

  private async submit(
    el: CatalogTreeElement | undefined,
    plurals: CatalogPlural[],
    opts: SubmitOptions = {},
  ): Promise<KObject | undefined> {
    const t = await this.target(el, plurals);
    const client = this.cluster.session?.client;
    if (!t || !client) return undefined;
    const parameters = opts.parameters ?? (await askParameters(t.el.name, submitParameters(t.o)));
    if (!parameters) return undefined;
    // A ClusterWorkflowTemplate has no namespace: the workflow goes to the first namespace shown.
    const namespace = opts.namespace ?? (t.el.namespace || this.cluster.namespaces.find((n) => n !== '*') || 'default');
    const r = await client.createWorkflow(namespace, submissionOf(t.o, namespace, parameters));
    if (!r.ok) {
      void vscode.window.showErrorMessage(`Argo Doctor: submitting from ${t.el.name} failed: ${r.error.message}`);
      return undefined;
    }
    void vscode.window.showInformationMessage(
      `Argo Doctor: submitted ${r.value.metadata?.name} in ${namespace} (from ${t.el.name}).`,
    );
    return r.value;
  }

  private async suspendCron(el: CatalogTreeElement | undefined, suspend: boolean): Promise<void> {
    const t = await this.target(el, ['cronworkflows']);
    const client = this.cluster.session?.client;
    if (!t || !client) return;
    const r = await client.patchArgo('cronworkflows', t.el.namespace, t.el.name, {
      spec: { suspend: suspend ? true : null },
    });
    if (!r.ok)
      void vscode.window.showErrorMessage(
        `Argo Doctor: ${suspend ? 'suspending' : 'resuming'} ${t.el.name} failed: ${r.error.message}`,
      );
  }
}

/** Asks for each parameter (a pick list for enums), defaults pre-filled; undefined when the user cancels. */
async function askParameters(name: string, params: Parameter[]): Promise<Record<string, string> | undefined> {
  const out: Record<string, string> = {};
  for (const [i, p] of params.entries()) {
    const title = `Submit ${name}: parameter ${i + 1} of ${params.length}`;
    const value = p.enum?.length
      ? await vscode.window.showQuickPick(p.enum, {
          title,
          placeHolder: `${p.name}${p.description ? ` — ${p.description}` : ''} (default: ${p.value ?? 'none'})`,
          ignoreFocusOut: true,
        })
      : await vscode.window.showInputBox({
          title,
          prompt: `${p.name}${p.description ? ` — ${p.description}` : ''}`,
          value: p.value ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => (p.value === undefined && !v ? `${p.name} has no default: give a value` : undefined),
        });
    if (value === undefined) return undefined;
    if (value !== p.value) out[p.name] = value;
  }
  return out;
}
