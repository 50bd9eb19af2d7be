/**
 * The model types the webview renders, re-exported from src/core so that the webview imports only src/shared (the
 * lint rules in eslint.config.mjs enforce that). Types only: nothing of src/core ends up in the webview bundle.
 */
export type {
  Attempt,
  Banner,
  Condition,
  ContainerInfo,
  EventInfo,
  KeyValue,
  NodeInfo,
  PodInfo,
  Placement,
  Read,
  StepInfo,
  StepSnapshot,
} from '../core/model/stepDetails';
export type { Diagnosis } from '../core/diagnose/diagnose';
