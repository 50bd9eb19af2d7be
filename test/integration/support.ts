// What the extension-host tests share: the extension's API, and waiting on its events.
import * as vscode from 'vscode';
import type { ArgoDoctorApi } from '../../src/extension';

export function api(): ArgoDoctorApi {
  return vscode.extensions.getExtension<ArgoDoctorApi>('argo-doctor.argo-doctor')!.exports;
}

/**
 * Resolves when `cond` holds, re-checking on each of `events`; rejects after `ms`, saying `what` (a function is
 * called then, to tell the state at the time).
 */
export function until(
  events: vscode.Event<unknown> | vscode.Event<unknown>[],
  cond: () => boolean,
  ms: number,
  what: string | (() => string),
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const check = () => {
      if (!cond()) return;
      subs.forEach((s) => s.dispose());
      clearTimeout(timer);
      resolve();
    };
    const subs = (Array.isArray(events) ? events : [events]).map((e) => e(check));
    const timer = setTimeout(() => {
      subs.forEach((s) => s.dispose());
      reject(new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`));
    }, ms);
  });
}
