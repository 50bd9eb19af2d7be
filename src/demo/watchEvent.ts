// Mirrors k8s.io/apiserver pkg/storage/cacher/cache_watcher.go (convertToWatchEvent).
import type { StoreEvent, WatchType } from './store';
import type { KubeObject } from './world';

/** What a watch sends for one change: its type, and the object (whole) or its metadata (cheap, for metadata-only). */
export interface WatchEvent {
  type: WatchType;
  metadata: KubeObject['metadata'];
  object(): KubeObject;
}

/**
 * The event a watch whose filter is `passes` (selectors, and the name for a watch of one object) sends for a change,
 * as the apiserver's watch cache decides it from the object before and after the change: the new object passes and
 * the old did not (or there was none) → ADDED; both pass → MODIFIED; the old passed and the new does not (or was
 * deleted) → DELETED, carrying the old object's content with the change's resourceVersion; neither → nothing.
 * So a workflow whose `workflows.argoproj.io/completed` label turns "true" leaves a `completed!=true` watch.
 */
export function watchEventFor(
  e: StoreEvent,
  passes: { object(o: KubeObject): boolean; entry(entry: NonNullable<StoreEvent['previous']>): boolean },
): WatchEvent | undefined {
  const now = e.type !== 'DELETED' && passes.object(e.object);
  const before = e.previous !== undefined && passes.entry(e.previous);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', metadata: e.object.metadata, object: () => e.object };
  if (!before) return undefined;
  const prev = e.previous!;
  const metadata = { ...prev.metadata, resourceVersion: String(e.rv) };
  return { type: 'DELETED', metadata, object: () => ({ ...prev.object(), metadata }) };
}
