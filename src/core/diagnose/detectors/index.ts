// The detectors, one failure family per file: each looks at the bundle's facts and reports findings with a score
// (how likely it is the root cause rather than a symptom), case-specific words and evidence. Each file keeps its
// words (a texts section) apart from its detection.
//
// The order matters: findings of equal score keep it, so it decides which of two equally likely causes leads and
// in which order the others are listed.
import { admission } from './admission';
import { argoMessages } from './argoMessages';
import { artifacts } from './artifacts';
import { command } from './command';
import type { Detector } from './common';
import { containerStart } from './containerStart';
import { controller } from './controller';
import { deadline } from './deadline';
import { eviction } from './eviction';
import { exitCode } from './exitCode';
import { imagePull } from './imagePull';
import { logs } from './logs';
import { missingConfig } from './missingConfig';
import { nodeHealth, nodeLost, nodeSignals } from './node';
import { oom } from './oom';
import { parallelism } from './parallelism';
import { outputs } from './outputs';
import { podDeleted } from './podDeleted';
import { podGone } from './podGone';
import { preemption } from './preemption';
import { probe } from './probe';
import { quota } from './quota';
import { rbac } from './rbac';
import { scheduling } from './scheduling';
import { shutdown } from './shutdown';
import { slowStart } from './slowStart';
import { waitByDesign } from './suspend';
import { sync } from './sync';
import { upstream } from './upstream';
import { volumes } from './volumes';

export type { Detector, Finding } from './common';

export const DETECTORS: readonly Detector[] = [
  // Out of memory.
  oom,
  // What Argo's node message says.
  podDeleted,
  deadline,
  argoMessages,
  quota,
  podGone,
  // The executor and artifacts.
  rbac,
  artifacts,
  outputs,
  command,
  // Images, configuration, volumes, starting the container.
  imagePull,
  missingConfig,
  volumes,
  containerStart,
  // How the container ended.
  probe,
  exitCode,
  // The node.
  eviction,
  nodeLost,
  preemption,
  shutdown,
  admission,
  nodeSignals,
  nodeHealth,
  // Scheduling, logs, upstream steps.
  scheduling,
  logs,
  upstream,
  // Waiting rather than failing: locks, parallelism slots, the controller, suspend and retry backoff, slow starts.
  sync,
  parallelism,
  controller,
  waitByDesign,
  slowStart,
];
