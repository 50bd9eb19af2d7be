// What every detector shares: the finding it reports and the questions it asks of the facts. No user-facing
// words here: those are in texts.ts and in each family's texts section.
import { rec, str } from '../../model/json';
import type { Container, Facts, KEvent } from '../bundle';

export interface Finding {
  id: string;
  /** 100: certainly the root cause; ~50: a plausible cause; ~20: a symptom of something else. */
  score: number;
  /** Case-specific cause in plain words; the signature's generic cause is used when absent. */
  cause?: string;
  /** Case-specific fix; the signature's generic fix is used when absent. */
  fix?: string;
  evidence: string[];
  /** For a step or workflow that waits: what it waits for, in one line for a tree row ("waiting for …"). */
  summary?: string;
}

/** Looks at the facts for one family of failure signatures. */
export type Detector = (f: Facts) => Finding[];

/** One regular expression from parts written on several lines: the parts' sources in a row. */
export function join(parts: RegExp[], flags = ''): RegExp {
  return new RegExp(parts.map((p) => p.source).join(''), flags);
}

/** One regular expression matching any of the alternatives (`/a|b|c/` written as a list). */
export function anyOf(alternatives: RegExp[], flags = ''): RegExp {
  return new RegExp(alternatives.map((p) => p.source).join('|'), flags);
}

/** The events whose reason (and message, if given) match. */
export function event(f: Facts, reason: RegExp, message?: RegExp): KEvent[] {
  return f.events.filter((e) => reason.test(e.reason) && (!message || message.test(e.message)));
}

/** A container's memory limit as written ('' when it has none). */
export function memoryLimit(c: Container | undefined): string {
  return str(rec(rec(c?.spec.resources).limits).memory);
}

/** The container that failed: an init container first, then main, then wait, then any other. */
export function failedContainer(f: Facts): Container | undefined {
  const bad = (c: Container) =>
    (c.state === 'terminated' && (c.exitCode ?? 0) !== 0) || (c.last && (c.last.exitCode ?? 0) !== 0);
  return (
    f.containers.find((c) => c.kind === 'init' && bad(c)) ??
    f.containers.find((c) => c.kind === 'main' && bad(c)) ??
    f.containers.find((c) => c.kind === 'wait' && bad(c)) ??
    f.containers.find((c) => bad(c))
  );
}

/** Argo's node message reports that the pod was deleted. */
export const isPodDeleted = (f: Facts): boolean => /^pod deleted$/i.test(f.message.trim());

/** The pod's and the step's messages and the events' messages, where node trouble shows. */
export const nodeText = (f: Facts): string =>
  `${f.podMessage}\n${f.message}\n${f.events.map((e) => e.message).join('\n')}`;

/** Names of the artifacts the wait container logged as staging ("Staging artifact: name"). */
export const stagedArtifacts = (log: string): string[] =>
  [...log.matchAll(/Staging artifact:?"?\s*(?:name=)?"?([\w.-]+)/g)].map((m) => m[1]!);

/** A signature recognised by a pattern alone: in Argo's message, or (unless `messageOnly`) anywhere in the bundle. */
export type MessagePattern = [pattern: RegExp, id: string, score: number, messageOnly?: boolean];

/** The findings of the patterns that match, in the table's order, each with the given evidence. */
export function byPattern(f: Facts, table: MessagePattern[], evidence: string[]): Finding[] {
  return table
    .filter(([re, , , messageOnly]) => re.test(f.message) || (!messageOnly && re.test(f.text)))
    .map(([, id, score]) => ({ id, score, evidence }));
}

/** The main container ended with exit code 0: the user's code did its part. */
export const mainSucceeded = (f: Facts): boolean => {
  const main = f.containers.find((c) => c.kind === 'main');
  return main?.state === 'terminated' && main.exitCode === 0;
};

/** A quoted message with its escaped quotes (`\"`) restored. */
export const unescapeQuotes = (s: string): string => s.replace(/\\"/g, '"');

/**
 * The failed container and its exit code: from its state, its last state, Argo's message or the step's outputs.
 * The code is 0 when none of them has one (an absent output reads as ''), NaN when the output is not a number.
 */
export function exitOf(f: Facts): { container: Container | undefined; code: number; reason: string } {
  const c = failedContainer(f);
  const code =
    c?.exitCode ??
    c?.last?.exitCode ??
    Number(/exit code (\d+)/.exec(f.message)?.[1] ?? str(rec(f.step.outputs).exitCode) ?? NaN);
  return { container: c, code, reason: c?.reason || c?.last?.reason || '' };
}
