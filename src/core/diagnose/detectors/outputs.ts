// Outputs: the template declares an output file that the step never wrote.
import { anyOf, type Detector } from './common';
import { logEvidence } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  fileMissing: (path: string) => `The template declares an output at ${path}, but the step never wrote that file.`,
};

// ---- detection ------------------------------------------------------------------------------------------------
/** Groups: (parameters|artifacts), the file's path below the outputs folder. */
const MISSING = anyOf([
  /open \/var\/run\/argo\/outputs\/(parameters|artifacts)\/(\S+): no such file or directory/,
  /failed to save outputs: exit status 2/,
]);

export const outputs: Detector = (f) => {
  const missing = MISSING.exec(f.text);
  if (!missing) return [];
  return [
    {
      id: 'output-file-missing',
      score: 86,
      cause: missing[2] ? text.fileMissing(missing[2]) : undefined,
      evidence: logEvidence(f, 3),
    },
  ];
};
