/**
 * Content negotiation of the `as=` forms a real apiserver honours on JSON: `PartialObjectMetadata` (get, watch) and
 * `PartialObjectMetadataList` (list) in meta.k8s.io/v1, which answer with objects' metadata only. Tables and
 * protobuf are not served; a client that also accepts plain JSON gets whole objects, as from an apiserver without
 * the transform.
 */
export type Negotiated =
  { as: 'object' } | { as: 'metadata'; contentType: string } | { as: 'unacceptable'; message: string };

export const PARTIAL_API_VERSION = 'meta.k8s.io/v1';

/** What to answer for `accept`, on a list (`list: true`) or a single object or watch (`list: false`). */
export function negotiate(accept: string | undefined, list: boolean, watch = false): Negotiated {
  if (!accept) return { as: 'object' };
  let refused: string | undefined;
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
    if (params.get('g') !== 'meta.k8s.io' || params.get('v') !== 'v1') continue;
    // A watch streams single objects; client-go's metadata informer asks for either form.
    const wanted = watch
      ? ['PartialObjectMetadata', 'PartialObjectMetadataList']
      : [list ? 'PartialObjectMetadataList' : 'PartialObjectMetadata'];
    if (wanted.includes(as)) return { as: 'metadata', contentType: `application/json;as=${as};g=meta.k8s.io;v=v1` };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList')
      refused ??= list
        ? 'you requested PartialObjectMetadata, but the requested object is a list'
        : 'you requested PartialObjectMetadataList, but the requested object is not a list';
  }
  return refused ? { as: 'unacceptable', message: refused } : { as: 'object' };
}

/** An object's metadata as a PartialObjectMetadata. */
export function partialObject(metadata: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: PARTIAL_API_VERSION, metadata };
}
