// The command: the step's command does not exist in its image (Argo's emissary executor cannot find it).
import type { Detector } from './common';
import { messageLine } from './texts';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  notFound: (command: string) => `The command "${command}" does not exist in the image.`,
};

// ---- detection ------------------------------------------------------------------------------------------------
export const command: Detector = (f) => {
  const path = /failed to find name in PATH: exec: \\?"([^"\\]+)\\?": executable file not found/.exec(f.text);
  return path
    ? [{ id: 'emissary-exec-not-found', score: 94, cause: text.notFound(path[1]!), evidence: [messageLine(path[0])] }]
    : [];
};
