// Artifacts: no artifact repository to save outputs to, storage refusing access, an input that does not exist.
import { arr, rec, str } from '../../model/json';
import type { Facts } from '../bundle';
import { mainSucceeded, stagedArtifacts, type Detector, type Finding } from './common';
import { argoEvidence, logEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  repoNotConfigured: (codeOk: boolean, names: string[]) =>
    `${codeOk ? 'The step failed although your command succeeded:' : 'The step failed:'} ` +
    `Argo could not store the output artifact${names.length === 1 ? '' : 's'}` +
    `${names.length ? ` ${names.join(', ')}` : ''}: no artifact repository is configured ` +
    '(not configured in the controller, nor in an `artifact-repositories` ConfigMap of the namespace).',
  /** An input artifact and where it was looked for. */
  input: (name: string, key: string) => `${name} (${key})`,
  keyNotFound: (inputs: string[]) =>
    `An input artifact does not exist in the artifact storage${inputs.length ? `: ${inputs.join(', ')}` : ''}. ` +
    "Argo's init container failed while downloading it, before your code ran.",
};

// ---- detection ------------------------------------------------------------------------------------------------
const names = (v: unknown) => arr(v).map((a) => str(rec(a).name));

/** The output artifacts of the step, by name, from every place that names them. */
function outputArtifacts(f: Facts): string[] {
  const all = [
    ...stagedArtifacts(f.log),
    ...names(rec(f.bundle.templateOutputs).artifacts),
    ...names(rec(f.step.outputs).artifacts).filter((n) => n !== 'main-logs'),
    ...names(rec(f.bundle.workflowStatusHints).outputArtifacts),
  ];
  return [...new Set(all.filter(Boolean))];
}

/** The input artifacts of the step with their keys. */
function inputArtifacts(f: Facts): string[] {
  return arr(rec(f.step.inputs).artifacts)
    .map(rec)
    .map((a) =>
      text.input(str(a.name), str(rec(a.s3).key) || str(rec(a.gcs).key) || str(rec(a.azure).blob) || str(a.path)),
    );
}

export const artifacts: Detector = (f) => {
  const out: Finding[] = [];
  const t = f.text;
  if (/key unsupported|cannot get key for artifact location|You need to configure artifact storage/.test(t))
    out.push({
      id: 'artifact-repo-not-configured',
      score: 95,
      cause: text.repoNotConfigured(mainSucceeded(f), outputArtifacts(f)),
      evidence: [...argoEvidence(f), ...logEvidence(f, 3)],
    });
  if (/Access Denied|Failed to put file: 404 Not Found|AccessDenied/.test(t))
    out.push({ id: 'artifact-access-denied', score: 91, evidence: logEvidence(f, 3) });
  if (/The specified key does not exist|NoSuchKey/.test(t))
    out.push({
      id: 'artifact-key-not-found',
      score: 94,
      cause: text.keyNotFound(inputArtifacts(f)),
      evidence: [...argoEvidence(f), ...logEvidence(f, 3)],
    });
  return out;
};
