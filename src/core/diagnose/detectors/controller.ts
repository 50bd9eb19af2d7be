// The controller: a workflow that has no phase long after it was created was never picked up. The controller is
// down (its pod not running), runs with another instance ID, or does not watch this namespace.
import { arr, rec, str, type Obj } from '../../model/json';
import { humanDuration, type Facts } from '../bundle';
import { ageAt, controllerSetting, isKind, labelsOf, nameOf, namespaceOf } from '../waitingFacts';
import type { Detector } from './common';
import { Subject } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  cause: (f: Facts, age: number, pod: string, instance: string, running: string, unread: string) =>
    `${Subject(f)} was created ${humanDuration(age)} before this was captured and still has no phase: the ` +
    'workflow controller has not processed it, so nothing has started.' +
    (pod ? ` The controller is not running: ${pod}.` : '') +
    (running ? ` The controller runs (${running}), so it is not down: it passes this workflow by.` : '') +
    (unread ? ` Whether the controller runs could not be checked (${unread}).` : '') +
    (instance ? ` ${instance}` : '') +
    (!pod && !instance
      ? ' Usually the controller is down or restarting, or it only watches other namespaces ' +
        '(a namespaced install) or another instance ID.'
      : ''),
  instance: (wfId: string, ctrlId: string) =>
    wfId
      ? `The workflow carries controller instance ID "${wfId}" but the controller's is "${ctrlId || '(none)'}", ` +
        'so that controller ignores it.'
      : `The controller only processes workflows labelled with instance ID "${ctrlId}", and this one has none.`,
  fix: () =>
    'Check the controller: `kubectl -n argo get pods -l app=workflow-controller` and its logs ' +
    '(`kubectl -n argo logs deploy/workflow-controller`); make sure it watches this namespace and uses the ' +
    'instance ID the workflow carries (label workflows.argoproj.io/controller-instanceid). The workflow starts ' +
    'once a controller picks it up.',
  podLine: (p: Obj) =>
    `Controller pod ${namespaceOf(p)}/${nameOf(p)}: ${str(rec(p.status).phase) || 'no phase'}` +
    arr(rec(p.status).containerStatuses)
      .map(rec)
      .map((c) => {
        const w = rec(rec(c.state).waiting);
        return str(w.reason)
          ? ` (${str(c.name)}: ${str(w.reason)}${str(w.message) ? ` — ${str(w.message)}` : ''})`
          : '';
      })
      .join(''),
  deploymentLine: (d: Obj) =>
    `Deployment ${namespaceOf(d)}/${nameOf(d)}: ${Number(rec(d.status).availableReplicas ?? 0)} of ` +
    `${Number(rec(d.spec).replicas ?? 1)} replicas available`,
  created: (iso: string) => `Workflow created ${iso}, no status.phase yet`,
  running: (pods: Obj[]) =>
    pods.map((p) => `pod ${namespaceOf(p)}/${nameOf(p)} ${str(rec(p.status).phase)}, ready`).join('; '),
  summary: (age: number) => `waiting for the workflow controller to pick it up (${humanDuration(age)})`,
};

// ---- detection ------------------------------------------------------------------------------------------------
/** Seconds after creation beyond which a workflow without a phase is not merely new. */
export const UNPROCESSED_AFTER = 60;

const isControllerPod = (o: Obj) =>
  isKind(o, 'Pod') &&
  (/workflow-controller/.test(nameOf(o)) || Object.values(labelsOf(o)).some((v) => /workflow-controller/.test(v)));

const podDown = (p: Obj) => {
  const s = rec(p.status);
  const ready = arr(s.containerStatuses)
    .map(rec)
    .every((c) => c.ready !== false && !rec(c.state).waiting);
  return str(s.phase) !== 'Running' || !ready;
};

export const controller: Detector = (f) => {
  if (f.hasStep || !Object.keys(f.workflow).length || f.workflowPhase) return [];
  const created = str(rec(f.workflow.metadata).creationTimestamp);
  const age = ageAt(f, created);
  if (!(age >= UNPROCESSED_AFTER)) return [];
  const pods = f.related.filter(isControllerPod);
  const down = pods.length > 0 && pods.every(podDown);
  const deployments = f.related.filter((o) => isKind(o, 'Deployment') && /workflow-controller/.test(nameOf(o)));
  const deployDown = deployments.some((d) => Number(rec(d.status).availableReplicas ?? 0) === 0);
  const wfId = labelsOf(f.workflow)['workflows.argoproj.io/controller-instanceid'] ?? '';
  const ctrlId = controllerSetting(f, 'instanceID')?.value ?? '';
  const mismatch = !!controllerSetting(f, 'instanceID') || !!wfId ? wfId !== ctrlId : false;
  const podWords = down
    ? pods.map(text.podLine).join('; ')
    : deployDown
      ? deployments.map(text.deploymentLine)[0]!
      : '';
  return [
    {
      id: 'controller-not-processing',
      score: down || deployDown || mismatch ? 95 : 85,
      cause: text.cause(
        f,
        age,
        podWords,
        mismatch ? text.instance(wfId, ctrlId) : '',
        pods.length && !down ? text.running(pods) : '',
        f.notRead.filter((x) => /controller/.test(x)).join('; '),
      ),
      fix: text.fix(),
      evidence: [text.created(created), ...pods.map(text.podLine), ...deployments.map(text.deploymentLine)],
      summary: text.summary(age),
    },
  ];
};
