// Synchronization: the step or workflow waits for a semaphore or a mutex that other workflows hold. Which lock, its
// limit, who holds it and what the holders are doing (a holder paused at a suspend step keeps the lock until resumed).
import { rec, str, type Obj } from '../../model/json';
import { clock, type Facts } from '../bundle';
import {
  ageAt,
  configMapLimit,
  lockHolders,
  lockMessages,
  lockShort,
  namespaceOf,
  phaseOf,
  sameLock,
  syncEntries,
  templateOf,
  waitingSuspends,
  type LockName,
} from '../waitingFacts';
import type { Detector, Finding } from './common';
import { argoEvidence, since, Subject, workflowLine } from './texts';

interface Holder {
  name: string;
  workflow?: Obj;
  /** When the holder is another step of the explained workflow itself. */
  step?: string;
}

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  lockWords: (l: LockName) =>
    l.kind === 'ConfigMap'
      ? `the semaphore ${l.key} (key ${l.key} of ConfigMap ${l.name}${l.namespace ? ` in namespace ${l.namespace}` : ''})`
      : l.kind === 'Database'
        ? `the database semaphore ${l.name}${l.namespace ? ` (namespace ${l.namespace})` : ''}`
        : `the ${l.kind === 'Mutex' || !l.kind ? 'mutex' : 'semaphore'} ${l.name}` +
          `${l.namespace ? ` (namespace ${l.namespace})` : ''}`,
  holderWords: (h: Holder, f: Facts) => {
    if (h.step) return `step ${h.step} of this same workflow (${h.name})`;
    if (!h.workflow) return h.name;
    const started = str(rec(h.workflow.status).startedAt);
    const phase = phaseOf(h.workflow);
    const suspends = waitingSuspends(h.workflow);
    const paused = suspends.length
      ? `, paused at suspend step "${suspends.map((n) => str(n.displayName) || str(n.name)).join('", "')}"` +
        `${since(str(suspends[0]!.startedAt), ageAt(f, str(suspends[0]!.startedAt)))}, waiting for someone to ` +
        'approve and resume it'
      : '';
    return `${h.name} (${phase || 'phase unknown'}${started ? since(started, ageAt(f, started)) : ''}${paused})`;
  },
  /** When it starts: once a holder releases the lock, or in moments when every holder has already finished. */
  release: (holders: Holder[]) =>
    holders.length && holders.every((h) => h.workflow && /^(Succeeded|Failed|Error)$/.test(phaseOf(h.workflow)))
      ? 'Every holder has already finished: Argo hands the lock to the next waiting workflow on its next pass, in ' +
        'moments.'
      : 'It starts by itself when a holder finishes and releases the lock.',
  semaphoreCause: (f: Facts, l: LockName, limit: number | undefined, holders: Holder[], free: number | undefined) => {
    const lim =
      limit === undefined
        ? ''
        : ` Its limit is ${limit} (at most ${limit} holder${limit === 1 ? '' : 's'} at once)` +
          `${free === 0 || holders.length >= limit ? ` and all ${limit} are taken` : ''}` +
          `${free !== undefined ? ` (lock status ${free}/${limit}: ${free} free of ${limit})` : ''}.`;
    const held = holders.length
      ? ` It is held by ${holders.length} workflow${holders.length === 1 ? '' : 's'}: ` +
        `${holders.map((h) => text.holderWords(h, f)).join('; ')}.`
      : '';
    return (
      `${Subject(f)} is waiting for ${text.lockWords(l)}: it has not started because the lock is taken, ` +
      `not because anything failed.${lim}${held} ${text.release(holders)}`
    );
  },
  semaphoreFix: (l: LockName, limit: number | undefined, holders: Holder[]) => {
    const raise =
      l.kind === 'ConfigMap'
        ? `raise the limit: \`kubectl -n ${l.namespace || 'NAMESPACE'} edit configmap ${l.name}\` and set ` +
          `${l.key} above ${limit ?? 'its current value'} (Argo reads the new limit without a restart)`
        : `raise the limit of ${l.name} in the synchronization database's limit table`;
    const paused = holders.filter((h) => h.workflow && waitingSuspends(h.workflow).length);
    return (
      `Wait for a holder to finish, or ${raise}. If a holder is stuck, stop it (\`argo stop NAME\`) to free its slot.` +
      (paused.length ? ` ${text.resumeHolders(paused)}` : '')
    );
  },
  mutexCause: (f: Facts, l: LockName, holders: Holder[]) => {
    const held = holders.length
      ? ` The mutex is held by ${holders.map((h) => text.holderWords(h, f)).join('; ')}; a mutex lets one ` +
        'workflow (or step) at a time hold it, so this one waits until the holder finishes.'
      : ' A mutex lets one workflow (or step) at a time hold it, so this one waits until the holder finishes.';
    const done = text.release(holders).startsWith('Every') ? ` ${text.release(holders)}` : '';
    return (
      `${Subject(f)} is waiting for ${text.lockWords(l)}: it has not started because another holds the lock.` +
      `${held}${done}`
    );
  },
  mutexFix: (holders: Holder[]) => {
    const paused = holders.filter((h) => h.workflow && waitingSuspends(h.workflow).length);
    return paused.length
      ? `${text.resumeHolders(paused)} Once it finishes, the lock passes to this one.`
      : 'Wait for the holder to finish; if it is stuck, stop it (`argo stop NAME`) so the lock is released, or ' +
          'give the workflows distinct mutex names if they need not exclude each other.';
  },
  resumeHolders: (paused: Holder[]) =>
    paused
      .map(
        (h) =>
          `Approve the suspend step of ${h.name} if it should go on: \`argo resume ${h.name}` +
          `${namespaceOf(h.workflow!) ? ` -n ${namespaceOf(h.workflow!)}` : ''}\` (or the Resume action in the ` +
          'Argo UI or Argo Doctor); it keeps the lock while it waits for approval.',
      )
      .join(' '),
  holderEvidence: (h: Holder, l: LockName) => {
    const w = h.workflow!;
    const holds = syncEntries(w, 'holding').filter((e) => sameLock(e.name, l));
    return (
      `Workflow ${h.name}: ${phaseOf(w) || 'no phase'}` +
      `${str(rec(w.status).startedAt) ? `, started ${clock(str(rec(w.status).startedAt))}` : ''}` +
      `${holds.length ? `, holds ${l.full}` : ''}` +
      waitingSuspends(w)
        .map((n) => `; suspend step ${str(n.displayName) || str(n.name)} ${str(n.phase)}`)
        .join('')
    );
  },
  limitEvidence: (l: LockName, limit: number) => `ConfigMap ${l.namespace}/${l.name}: ${l.key}: "${limit}"`,
  summary: (l: LockName, mutex: boolean, holders: Holder[]) => {
    const what = mutex ? 'mutex' : 'semaphore';
    const by =
      holders.length === 0
        ? ''
        : holders.length === 1
          ? ` held by ${holders[0]!.step ? `step ${holders[0]!.step}` : holders[0]!.name}`
          : ` held by ${holders.length} workflows`;
    return `waiting for ${what} ${l.namespace ? `${l.namespace}/` : ''}${lockShort(l)}${by}`;
  },
};

// ---- detection ------------------------------------------------------------------------------------------------
interface Wait {
  name: LockName;
  mutex: boolean;
  /** Argo's message about this step or workflow names the lock. */
  named: boolean;
  holders: string[];
  free?: number;
  limit?: number;
}

/** The locks waited for: from Argo's messages and the workflow's status.synchronization.*.waiting. */
function waits(f: Facts): Wait[] {
  const out: Wait[] = [];
  const add = (w: Wait) => {
    const had = out.find((x) => sameLock(x.name, w.name));
    if (!had) out.push(w);
    else {
      had.holders = [...new Set([...had.holders, ...w.holders])];
      had.free ??= w.free;
      had.limit ??= w.limit;
      had.mutex ||= w.mutex;
    }
  };
  for (const m of lockMessages([f.message, f.workflowMessage]))
    add({ name: m.name, mutex: m.name.kind === 'Mutex', named: true, holders: [], free: m.free, limit: m.limit });
  // A step's waits are those its message names (the workflow's status adds their holders); without a lock
  // message, the workflow's status lists them.
  const named = out.length > 0;
  for (const e of syncEntries(f.workflow, 'waiting'))
    if (!f.hasStep || !named || out.some((w) => sameLock(w.name, e.name)))
      add({ name: e.name, mutex: e.lock === 'mutex' || e.name.kind === 'Mutex', named: false, holders: e.holders });
  return out;
}

/**
 * How sure a wait is this one's: named by its message, or the whole workflow's; for a step the workflow's status
 * alone (it lists locks, not which step waits) counts when the step's template asks for a lock.
 */
function scoreOf(f: Facts, w: Wait): number {
  if (w.named || !f.hasStep) return 95;
  return Object.keys(rec(templateOf(f.workflow, f.step.templateName ?? '').synchronization)).length ? 90 : 55;
}

export const sync: Detector = (f) => {
  if (!f.active) return [];
  const out: Finding[] = [];
  for (const w of waits(f)) {
    const score = scoreOf(f, w);
    const holders = lockHolders(f, w.name, w.holders);
    const ev = [
      ...argoEvidence(f),
      ...workflowLine(f),
      ...holders.filter((h) => h.workflow).map((h) => text.holderEvidence(h, w.name)),
    ];
    if (w.mutex) {
      out.push({
        id: 'mutex-held',
        score,
        cause: text.mutexCause(f, w.name, holders),
        fix: text.mutexFix(holders),
        evidence: ev,
        summary: text.summary(w.name, w.mutex, holders),
      });
      continue;
    }
    const cmLimit = configMapLimit(f, w.name);
    const limit = w.limit ?? cmLimit;
    if (cmLimit !== undefined) ev.push(text.limitEvidence(w.name, cmLimit));
    out.push({
      id: 'semaphore-held',
      score,
      cause: text.semaphoreCause(f, w.name.kind ? w.name : { ...w.name, kind: 'semaphore' }, limit, holders, w.free),
      fix: text.semaphoreFix(w.name, limit, holders),
      evidence: ev,
      summary: text.summary(w.name, w.mutex, holders),
    });
  }
  return out;
};
