// A GET with an Accept header client-node's generated APIs cannot send (e.g. metadata-only lists), on the same
// credentials, TLS and proxy settings as every other request of the KubeConfig.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** Accept header of a metadata-only list (the apiserver answers a PartialObjectMetadataList). */
export const METADATA_LIST_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
/** Accept header of a metadata-only get or watch (PartialObjectMetadata objects). */
export const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** Largest body read (a page of metadata is well under 1 MiB per 500 items). */
const MAX_BODY = 256 * 1024 * 1024;

/**
 * GETs `path` (with its query) from the current cluster and parses the JSON answer. Throws `{ code, body }` for an
 * HTTP error status (what toKubeError reads), or the network error.
 */
export async function rawGetJson(
  kc: KubeConfig,
  pathAndQuery: string,
  accept: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No currently active cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + pathAndQuery);
  const opts: https.RequestOptions & { headers: Record<string, string> } = { headers: { Accept: accept } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'http:' ? http : https;
    const req = mod.request(url, { ...opts, method: 'GET', signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          res.destroy(new Error(`the answer to ${url.pathname} exceeds ${MAX_BODY} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text for the error message
        }
        if ((res.statusCode ?? 0) >= 400) reject({ code: res.statusCode, body });
        else if (typeof body === 'string') reject(new Error(`the answer to ${url.pathname} is not JSON`));
        else resolve(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}
