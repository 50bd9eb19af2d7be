import type { IncomingMessage, ServerResponse } from 'node:http';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'AlreadyExists',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A meta/v1 Status object, as the API server sends for errors. */
export function statusBody(
  code: number,
  message: string,
  details?: Record<string, unknown>,
  reason?: string,
): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason: reason ?? REASONS[code] ?? 'Unknown',
    ...(details ? { details } : {}),
    code,
  };
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const CHUNK = 1 << 20;

const joined = (parts: (string | Buffer)[]): string | Buffer =>
  parts.every((p) => typeof p === 'string')
    ? parts.join('')
    : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

/**
 * Sends a JSON body given as parts, written in chunks of about 1 MiB as the client takes them: a list of thousands
 * of large objects is never joined into one string (it could pass V8's string length limit) nor buffered whole.
 */
export async function sendJsonParts(
  res: ServerResponse,
  code: number,
  parts: Iterable<string | Buffer>,
  headers: Record<string, string> = {},
): Promise<void> {
  if (res.headersSent) return;
  let batch: (string | Buffer)[] = [];
  let size = 0;
  let streaming = false;
  for (const part of parts) {
    batch.push(part);
    size += part.length;
    if (size < CHUNK) continue;
    if (!streaming) {
      res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      streaming = true;
    }
    const more = res.write(joined(batch));
    batch = [];
    size = 0;
    if (res.destroyed) return;
    if (!more)
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    if (res.destroyed) return;
  }
  const rest = joined(batch);
  if (streaming) {
    res.end(rest);
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(rest), ...headers });
  res.end(rest);
}

export function sendStatus(
  res: ServerResponse,
  code: number,
  message: string,
  details?: Record<string, unknown>,
  reason?: string,
): void {
  sendJson(res, code, statusBody(code, message, details, reason), code === 429 ? { 'Retry-After': '1' } : {});
}

export async function readBody(req: IncomingMessage, limit = 3 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
