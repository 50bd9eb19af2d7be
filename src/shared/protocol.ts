/**
 * Messages between the extension host and webviews. Both sides validate what they receive: a webview is
 * untrusted input for the host, and the host's data comes from the cluster.
 */

/** Webview → host. */
export type ToHost = { type: 'ready' };

/** Host → webview. */
export type ToWebview = { type: 'error'; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a message received by the host. */
export function isToHost(value: unknown): value is ToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    default:
      return false;
  }
}

/** Validates a message received by a webview. */
export function isToWebview(value: unknown): value is ToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'error':
      return typeof value.message === 'string';
    default:
      return false;
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
