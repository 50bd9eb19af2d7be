import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { nullLogger, type Logger } from '../core/logger';
import { loadKubeconfig, type LoadedKubeconfig } from './kubeconfig';

export interface ContextInfo {
  /** Current context name ('' when none). */
  context: string;
  namespace: string;
  /** API server URL of the context's cluster. */
  server: string;
  user: string;
  /** Changes when anything that affects connections changes (including credentials). */
  fingerprint: string;
}

export function contextInfo(loaded: LoadedKubeconfig): ContextInfo {
  const kc = loaded.kc;
  const name = kc.getCurrentContext() ?? '';
  const ctx = kc.getContextObject(name);
  const cluster = ctx ? kc.getCluster(ctx.cluster) : null;
  const user = ctx ? kc.getUser(ctx.user) : null;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ name, ctx, cluster, user }))
    .digest('hex')
    .slice(0, 16);
  return {
    context: name,
    namespace: ctx?.namespace || 'default',
    server: cluster?.server ?? '',
    user: ctx?.user ?? '',
    fingerprint,
  };
}

const DEBOUNCE_MS = 100;

/**
 * Follows the active kube-context: watches every kubeconfig file's directory (editors and kubectl replace files by
 * rename, which a file watch would miss), debounces bursts, and reports only real changes. No polling.
 */
export class ContextTracker {
  private watchers: FSWatcher[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<(info: ContextInfo, loaded: LoadedKubeconfig) => void>();
  private current: ContextInfo;
  private loaded: LoadedKubeconfig;

  constructor(
    private readonly files: string[],
    private readonly logger: Logger = nullLogger,
  ) {
    this.loaded = loadKubeconfig(files);
    this.current = contextInfo(this.loaded);
    const names = new Set(files.map((f) => path.basename(f)));
    for (const dir of new Set(files.map((f) => path.dirname(f)))) {
      try {
        const w = watch(dir, { persistent: false }, (_event, filename) => {
          if (filename === null || names.has(String(filename))) this.schedule();
        });
        w.on('error', (e) => this.logger.warn(`[kube] watching ${dir} failed: ${e.message}`));
        this.watchers.push(w);
      } catch (e) {
        this.logger.debug(`[kube] cannot watch ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  get info(): ContextInfo {
    return this.current;
  }

  get kubeconfig(): LoadedKubeconfig {
    return this.loaded;
  }

  onDidChange(listener: (info: ContextInfo, loaded: LoadedKubeconfig) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Re-reads the files now (e.g. after this process wrote them). */
  reload(): void {
    const loaded = loadKubeconfig(this.files);
    const info = contextInfo(loaded);
    this.loaded = loaded;
    if (info.fingerprint === this.current.fingerprint) return;
    this.logger.info(`[kube] context is now '${info.context}' (namespace ${info.namespace})`);
    this.current = info;
    for (const l of [...this.listeners]) l(info, loaded);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.reload();
      } catch (e) {
        this.logger.warn(`[kube] reading kubeconfig failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }, DEBOUNCE_MS);
  }
}
