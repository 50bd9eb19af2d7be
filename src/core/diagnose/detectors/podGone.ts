// The pod is gone (pod garbage collection): not a cause, but the explanation must say what it rests on.
import { isFailed } from '../../model/phase';
import { isPodDeleted, type Detector } from './common';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  gone: () => 'The pod no longer exists; this explanation uses the workflow status and the evidence kept.',
};

// ---- detection ------------------------------------------------------------------------------------------------
export const podGone: Detector = (f) =>
  f.bundle.pod === null && !isPodDeleted(f) && isFailed(f.step.phase)
    ? [{ id: 'evidence-pod-gone', score: 8, evidence: [text.gone()] }]
    : [];
