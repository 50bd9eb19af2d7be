// Log lines that name the failure: a killed subprocess, CUDA out of memory, a missing Python module, a binary for
// another CPU, too long an argument list.
import { lastLines } from '../bundle';
import type { Detector, Finding } from './common';

// ---- texts ----------------------------------------------------------------------------------------------------
const text = {
  logLine: (line: string) => `Log: ${line}`,
};

// ---- detection ------------------------------------------------------------------------------------------------
const LINES: [RegExp, string, number][] = [
  [/: line \d+: +\d+ Killed +|^Killed$/m, 'log-killed-subprocess', 72],
  [/CUDA out of memory/, 'log-cuda-oom', 78],
  [/ModuleNotFoundError: No module named/, 'log-module-not-found', 74],
  [/exec format error/, 'log-exec-format-error', 82],
  [/[Aa]rgument list too long/, 'log-arg-list-too-long', 74],
];

export const logs: Detector = (f) => {
  const out: Finding[] = [];
  const recent = lastLines(f.log, 400);
  for (const [re, id, score] of LINES) {
    // The log line itself; else the match anywhere in the bundle (a message that quotes the log).
    const hit = recent.find((x) => re.test(x)) ?? (re.test(f.text) ? re.exec(f.text)?.[0] : undefined);
    if (hit) out.push({ id, score, evidence: [text.logLine(hit)] });
  }
  return out;
};
