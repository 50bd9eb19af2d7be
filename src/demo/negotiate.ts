/**
 * Content negotiation of the `as=` forms a real apiserver honours on JSON: `PartialObjectMetadata` (get, watch) and
 * `PartialObjectMetadataList` (list) in meta.k8s.io/v1 (or v1beta1), which answer with objects' metadata only.
 * Tables and protobuf are not served; a client that also accepts plain JSON gets whole objects, as from an apiserver
 * without the transform.
 *
 * As kube-apiserver 1.36 does (measured on the real cluster, see docs/fidelity.md): the first acceptable clause of
 * the Accept header decides, with no fallback to a later one when its form does not fit the request; every answer,
 * metadata-only ones included, says `Content-Type: application/json`.
 */
export type Negotiated =
  | { as: 'object' }
  | { as: 'metadata'; apiVersion: string }
  | { as: 'refused'; status: number; message: string }
  /**
   * A watch asked for PartialObjectMetadataList: the apiserver answers 200 and ends the stream at the first event,
   * which it cannot encode as a list, without sending it.
   */
  | { as: 'unencodable' };

export type RequestShape = 'list' | 'get' | 'watch';

const PARTIAL_KINDS = new Set(['PartialObjectMetadata', 'PartialObjectMetadataList']);
const PARTIAL_VERSIONS = new Set(['v1', 'v1beta1']);

/** What to answer for `accept` on a list, a get of one object, or a watch. */
export function negotiate(accept: string | undefined, request: RequestShape): Negotiated {
  if (!accept) return { as: 'object' };
  for (const clause of accept.split(',')) {
    const [type = '', ...rawParams] = clause.split(';').map((s) => s.trim());
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const params = new Map(
      rawParams.map((p) => {
        const i = p.indexOf('=');
        return [p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim()] as const;
      }),
    );
    const as = params.get('as');
    if (as === undefined) return { as: 'object' };
    const version = params.get('v') ?? '';
    if (!PARTIAL_KINDS.has(as) || params.get('g') !== 'meta.k8s.io' || !PARTIAL_VERSIONS.has(version)) continue;
    const apiVersion = `meta.k8s.io/${version}`;
    const asList = as === 'PartialObjectMetadataList';
    if (request === 'list')
      return asList
        ? { as: 'metadata', apiVersion }
        : {
            as: 'refused',
            status: 406,
            message: 'you requested PartialObjectMetadata, but the requested object is a list',
          };
    if (!asList) return { as: 'metadata', apiVersion };
    return request === 'watch'
      ? { as: 'unencodable' }
      : { as: 'refused', status: 500, message: 'content is not a list' };
  }
  return { as: 'object' };
}

/** An object's metadata as a PartialObjectMetadata. */
export function partialObject(
  metadata: Record<string, unknown>,
  apiVersion = 'meta.k8s.io/v1',
): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata };
}
