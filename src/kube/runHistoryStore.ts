// The run history kept on disk: per kube-context, one JSON file per WorkflowTemplate / CronWorkflow holding the
// records of its last runs (names and timings only: see core/model/runRecord.ts). Bounded per template, in total
// bytes and in age; a file that cannot be read is ignored (with a log line) and replaced on the next write.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { nullLogger, type Logger } from '../core/logger';
import { mergeRuns } from '../core/model/runHistory';
import { normalizeRecord, templateKey, type RunRecord, type TemplateRef } from '../core/model/runRecord';

export interface RunHistoryLimits {
  /** Runs kept per template, the newest. */
  perTemplate: number;
  /** Total bytes of all files; the least recently written files go first. */
  maxBytes: number;
  /** Runs that finished longer ago than this are dropped. */
  maxAgeMs: number;
}

export const DEFAULT_HISTORY_LIMITS: RunHistoryLimits = {
  perTemplate: 50,
  maxBytes: 10 * 1024 * 1024,
  maxAgeMs: 90 * 86_400_000,
};

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || '_';

/** What a file holds. */
interface HistoryFile {
  version: 1;
  template: TemplateRef;
  runs: RunRecord[];
}

export class RunHistoryStore {
  constructor(
    readonly dir: string,
    private readonly limits: RunHistoryLimits = DEFAULT_HISTORY_LIMITS,
    private readonly logger: Logger = nullLogger,
    private readonly now: () => number = Date.now,
  ) {}

  /** `<dir>/<context>/<kind>.<namespace>.<name>.json`: kinds and namespaces hold no dots, so the name is the rest. */
  file(context: string, t: TemplateRef): string {
    return path.join(this.dir, safe(context), `${t.kind}.${safe(t.namespace || '_cluster')}.${safe(t.name)}.json`);
  }

  private fresh(r: RunRecord): boolean {
    const t = Date.parse(r.finished ?? r.started ?? r.created ?? '');
    return !Number.isFinite(t) || this.now() - t <= this.limits.maxAgeMs;
  }

  /** The stored runs of a template, newest first ([] when none, or when its file cannot be read). */
  get(context: string, t: TemplateRef): RunRecord[] {
    const file = this.file(context, t);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = JSON.parse(text) as Partial<HistoryFile> | null;
      const runs = Array.isArray(parsed?.runs) ? parsed.runs : undefined;
      if (!runs) throw new Error('no runs in it');
      const want = templateKey(t);
      return mergeRuns(
        runs.flatMap((r) => {
          const n = normalizeRecord(r);
          return n && templateKey(n.template) === want && this.fresh(n) ? [n] : [];
        }),
      );
    } catch (e) {
      this.logger.warn(
        `[history] ignoring the unreadable run history ${file}: ${e instanceof Error ? e.message : String(e)}`,
      );
      return [];
    }
  }

  /** Adds runs (a run already there is kept once, the richer record) and applies the bounds. */
  add(context: string, runs: RunRecord[]): void {
    const byTemplate = new Map<string, RunRecord[]>();
    for (const r of runs) {
      // Only the fields a record has: whatever else a caller's object carries is not written.
      const clean = normalizeRecord(r);
      if (!clean) continue;
      const k = templateKey(clean.template);
      byTemplate.set(k, [...(byTemplate.get(k) ?? []), clean]);
    }
    for (const list of byTemplate.values()) {
      const t = list[0]!.template;
      const file = this.file(context, t);
      const kept = mergeRuns(this.get(context, t), list)
        .filter((r) => this.fresh(r))
        .slice(0, this.limits.perTemplate);
      const body: HistoryFile = { version: 1, template: t, runs: kept };
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        // Written whole then renamed: a crash mid-write leaves the old file, never half of one.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(body), { mode: 0o600 });
        renameSync(tmp, file);
      } catch (e) {
        this.logger.warn(`[history] could not write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.prune();
  }

  /** Every history file with its size and time, least recently written first. */
  private entries(): { file: string; size: number; mtime: number }[] {
    const out: { file: string; size: number; mtime: number }[] = [];
    let contexts: string[];
    try {
      contexts = readdirSync(this.dir);
    } catch {
      return out;
    }
    for (const c of contexts) {
      const d = path.join(this.dir, c);
      let names: string[];
      try {
        names = readdirSync(d);
      } catch {
        continue;
      }
      for (const n of names) {
        if (!n.endsWith('.json')) continue;
        try {
          const st = statSync(path.join(d, n));
          out.push({ file: path.join(d, n), size: st.size, mtime: st.mtimeMs });
        } catch {
          // Removed meanwhile.
        }
      }
    }
    return out.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file));
  }

  /** Total bytes stored now. */
  get size(): number {
    return this.entries().reduce((n, e) => n + e.size, 0);
  }

  /** Deletes whole files, least recently written first, until the total fits the bound. */
  prune(): void {
    const list = this.entries();
    let total = list.reduce((n, e) => n + e.size, 0);
    for (const e of list) {
      if (total <= this.limits.maxBytes) break;
      rmSync(e.file, { force: true });
      total -= e.size;
      this.logger.debug(`[history] dropped ${path.basename(e.file)} to stay within ${this.limits.maxBytes} bytes`);
    }
  }
}
