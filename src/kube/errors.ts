import { redact } from '../core/logger';

/** Expected failures of cluster access, as values the UI can explain. */
export type KubeErrorKind =
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'authPlugin'
  | 'timeout'
  | 'gone'
  | 'tooManyRequests'
  | 'conflict'
  | 'invalid'
  | 'aborted'
  | 'unknown';

export interface KubeError {
  kind: KubeErrorKind;
  /** Plain words for someone who is not a Kubernetes expert. */
  message: string;
  status?: number;
  /** Technical detail for the log (already redacted). */
  detail?: string;
}

interface ApiLike {
  code?: number;
  body?: unknown;
  message?: string;
  name?: string;
  cause?: { code?: string; message?: string };
  code_?: string;
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.slice(0, 300);
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string')
    return (body as { message: string }).message;
  return undefined;
}

/** Classifies anything client-node (or fetch underneath it) throws. */
export function toKubeError(e: unknown, what = 'the cluster'): KubeError {
  const err = (e ?? {}) as ApiLike & { code?: number | string };
  const detail = redact(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  if (err.name === 'AbortError' || /aborted/i.test(err.message ?? ''))
    return { kind: 'aborted', message: 'The request was cancelled.', detail };
  const status = typeof err.code === 'number' ? err.code : undefined;
  if (status !== undefined) {
    const server = statusMessage(err.body);
    const withServer = (m: string) => (server ? `${m} The server said: ${server}` : m);
    switch (status) {
      case 401:
        return {
          kind: 'unauthorized',
          status,
          message: withServer(
            `${what} did not accept your credentials (401): log in again or refresh your kubeconfig's token.`,
          ),
          detail,
        };
      case 403:
        return {
          kind: 'forbidden',
          status,
          message: withServer(
            `You are not allowed to do this (403 Forbidden): your Kubernetes role (RBAC) does not grant it.`,
          ),
          detail,
        };
      case 404:
        return { kind: 'notFound', status, message: withServer('Not found (404): it may have been deleted.'), detail };
      case 409:
        return {
          kind: 'conflict',
          status,
          message: withServer('It already exists or was changed meanwhile (409).'),
          detail,
        };
      case 410:
        return {
          kind: 'gone',
          status,
          message: 'The server no longer has that version of the data (410 Gone); reloading.',
          detail,
        };
      case 422:
        return {
          kind: 'invalid',
          status,
          message: withServer('The server rejected the object as invalid (422).'),
          detail,
        };
      case 429:
        return {
          kind: 'tooManyRequests',
          status,
          message: 'The server is busy and asked to slow down (429); retrying.',
          detail,
        };
      case 504:
        return { kind: 'timeout', status, message: 'The server timed out (504).', detail };
      default:
        return {
          kind: status >= 500 ? 'unreachable' : 'unknown',
          status,
          message: withServer(`The server answered with an error (${status}).`),
          detail,
        };
    }
  }
  const code = String(
    (err.cause as { code?: string } | undefined)?.code ?? (typeof err.code === 'string' ? err.code : '') ?? '',
  );
  const text = `${err.message ?? ''} ${(err.cause as { message?: string } | undefined)?.message ?? ''}`;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EAI_AGAIN|socket hang up/i.test(code + text)) {
    return {
      kind: 'unreachable',
      message: `Cannot reach ${what}: ${/ENOTFOUND|EAI_AGAIN/.test(code + text) ? 'its address does not resolve' : 'the connection was refused or dropped'}. Is the cluster running and are you on its network (VPN)?`,
      detail,
    };
  }
  if (/ETIMEDOUT|timeout/i.test(code + text))
    return { kind: 'timeout', message: `${what} did not answer in time.`, detail };
  if (/certificate|self.signed|CERT_|UNABLE_TO_VERIFY/i.test(code + text)) {
    return {
      kind: 'unreachable',
      message: `The TLS certificate of ${what} is not trusted by your kubeconfig (${code || 'certificate error'}).`,
      detail,
    };
  }
  if (/exec|credential|auth.?provider|ENOENT/i.test(text))
    return { kind: 'authPlugin', message: `Getting credentials failed: ${redact(text.trim()).slice(0, 300)}`, detail };
  return {
    kind: 'unknown',
    message: `Unexpected error talking to ${what}: ${redact((err.message ?? String(e)).slice(0, 300))}`,
    detail,
  };
}
