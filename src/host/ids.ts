/** Every command, view and context-key id in one place. Keep in sync with package.json `contributes`. */
export const Commands = {
  explainFailure: 'argoDoctor.explainFailure',
  switchContext: 'argoDoctor.switchContext',
  switchNamespace: 'argoDoctor.switchNamespace',
  refresh: 'argoDoctor.refresh',
  lintWorkspace: 'argoDoctor.lintWorkspace',
  startDemoCluster: 'argoDoctor.startDemoCluster',
  connect: 'argoDoctor.connect',
  showLog: 'argoDoctor.showLog',
  pickContextOrNamespace: 'argoDoctor.pickContextOrNamespace',
  groupWorkflowsBy: 'argoDoctor.groupWorkflowsBy',
  openStep: 'argoDoctor.openStep',
  openWorkflowPanel: 'argoDoctor.openWorkflowPanel',
  showLogs: 'argoDoctor.showLogs',
  exportFailureBundle: 'argoDoctor.exportFailureBundle',
  stopWorkflow: 'argoDoctor.stopWorkflow',
  terminateWorkflow: 'argoDoctor.terminateWorkflow',
  suspendWorkflow: 'argoDoctor.suspendWorkflow',
  resumeWorkflow: 'argoDoctor.resumeWorkflow',
  resubmitWorkflow: 'argoDoctor.resubmitWorkflow',
  retryWorkflow: 'argoDoctor.retryWorkflow',
  deleteWorkflow: 'argoDoctor.deleteWorkflow',
  showMoreWorkflows: 'argoDoctor.showMoreWorkflows',
  copyWorkflowName: 'argoDoctor.copyWorkflowName',
  openInArgoUi: 'argoDoctor.openInArgoUi',
  showManifest: 'argoDoctor.showManifest',
  revealWorkflow: 'argoDoctor.revealWorkflow',
  submitTemplate: 'argoDoctor.submitTemplate',
  runCronNow: 'argoDoctor.runCronNow',
  suspendCron: 'argoDoctor.suspendCron',
  resumeCron: 'argoDoctor.resumeCron',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'argoDoctor',
  workflows: 'argoDoctor.workflows',
  templates: 'argoDoctor.templates',
} as const;

export const ContextKeys = {
  connected: 'argoDoctor.connected',
} as const;

export const CONFIG_SECTION = 'argoDoctor';
export const LOG_CHANNEL_NAME = 'Argo Doctor';
