/**
 * Argo's own validator as an oracle (issue #15): builds test/oracle (Go, cached by build.sh) and runs it on manifests.
 * The oracle validates every Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow as
 * `argo lint --offline` does and answers one verdict per YAML document.
 *
 * One oracle process is one `argo lint --offline` run: WorkflowTemplates and ClusterWorkflowTemplates of all its
 * files resolve each other's templateRefs. Run unrelated manifests in separate groups (runOracleGroups) when their
 * template names could collide.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

export interface OracleVerdict {
  /** The path as given to the oracle (for texts: the name given to runOracleOnTexts). */
  file: string;
  /** 0-based index of the document among the file's non-empty documents (split on "\n---", as Argo does). */
  index: number;
  /** 0-based line where the document starts in its file. */
  line: number;
  /** The document's kind ('' when it could not be parsed). */
  kind: string;
  /** metadata.name, else metadata.generateName. */
  name: string;
  /** Argo accepts the document (or it is not one of the four Argo kinds). */
  ok: boolean;
  /** Not an Argo workflow kind, or dropped by argo lint (see dropped): Argo did not validate it. */
  skipped?: boolean;
  /** argo lint drops the document without a word: it fails only strict YAML-to-JSON (e.g. a duplicate key). */
  dropped?: boolean;
  /** Argo's error (for ok=false), or why a document was dropped. */
  error?: string;
}

export interface OracleOptions {
  /**
   * A WorkflowTemplate without metadata.namespace resolves refs from a Workflow of any namespace, as if applied to
   * it (argo lint --offline finds it only from objects without a namespace). Off by default.
   */
  templatesAnyNamespace?: boolean;
}

function flags(options: OracleOptions): string[] {
  return options.templatesAnyNamespace ? ['--templates-any-namespace'] : [];
}

/** The oracle cannot be built here (no Go, the module proxy refused a module, a compile error). */
export class OracleUnavailable extends Error {}

let binary: string | undefined;

/** The index of the document a 0-based line belongs to, given the documents' start lines (verdicts' `line`). */
export function documentAt(starts: readonly number[], line: number): number {
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1]! <= line) i++;
  return i;
}

/**
 * For a suite's `before`: builds the oracle, or skips the suite when it cannot be built here (no Go) outside CI;
 * in CI a missing oracle fails the suite.
 */
export function requireOracle(ctx: Mocha.Context): void {
  try {
    oracleBinary();
  } catch (e) {
    if (e instanceof OracleUnavailable && !process.env.CI) {
      console.log(`      skipped: ${e.message}`);
      ctx.skip();
    }
    throw e;
  }
}

/** Builds the oracle once per process (build.sh caches it across runs); returns the binary's path. */
export function oracleBinary(): string {
  if (binary) return binary;
  try {
    const out = execFileSync('bash', [path.join(REPO_ROOT, 'test', 'oracle', 'build.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    binary = out.trim().split('\n').pop()!;
    return binary;
  } catch (e) {
    throw new OracleUnavailable(`the oracle could not be built: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parse(stdout: string): OracleVerdict[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OracleVerdict);
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** Runs one oracle process on files or directories (one `argo lint --offline` run); verdicts in file order. */
export function runOracle(paths: string[], options: OracleOptions = {}): OracleVerdict[] {
  if (paths.length === 0) return [];
  const stdout = execFileSync(oracleBinary(), [...flags(options), ...paths], {
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
  });
  return parse(stdout);
}

/** Runs the oracle on one YAML text through stdin; its verdicts name the file '<stdin>'. */
export function runOracleOnStdin(text: string, options: OracleOptions = {}): OracleVerdict[] {
  const stdout = execFileSync(oracleBinary(), [...flags(options), '--stdin'], {
    input: text,
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
  });
  return parse(stdout);
}

function runAsync(paths: string[], options: OracleOptions): Promise<OracleVerdict[]> {
  return new Promise((resolve, reject) => {
    execFile(
      oracleBinary(),
      [...flags(options), ...paths],
      { encoding: 'utf8', maxBuffer: MAX_BUFFER },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`oracle failed on ${paths.join(' ')}: ${err.message}\n${stderr}`));
        else resolve(parse(stdout));
      },
    );
  });
}

/**
 * Runs one oracle process per group (each an independent `argo lint --offline` run, so templates of one group never
 * resolve another's), `parallel` at a time; returns each group's verdicts in group order.
 */
export async function runOracleGroups(
  groups: string[][],
  options: OracleOptions = {},
  parallel = 2,
): Promise<OracleVerdict[][]> {
  oracleBinary();
  const out: OracleVerdict[][] = new Array<OracleVerdict[]>(groups.length);
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const i = next++;
      out[i] = groups[i]!.length ? await runAsync(groups[i]!, options) : [];
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return out;
}

/**
 * Runs the oracle on in-memory texts, all in one process (thousands of manifests take one process start): each
 * text becomes a temporary file. Texts share one template index, as the files of one `argo lint --offline` run do.
 * Returns the verdicts of each text, keyed by its name (names must be unique; '/' makes subdirectories).
 */
export function runOracleOnTexts(
  texts: { name: string; text: string }[],
  options: OracleOptions = {},
): Map<string, OracleVerdict[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-oracle-'));
  try {
    const byPath = new Map<string, string>();
    for (const { name, text } of texts) {
      const file = path.join(dir, /\.(ya?ml|json)$/.test(name) ? name : `${name}.yaml`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      byPath.set(file, name);
    }
    const out = new Map<string, OracleVerdict[]>(texts.map((t) => [t.name, []]));
    for (const v of runOracle([dir], options)) {
      const name = byPath.get(v.file);
      if (name === undefined) continue;
      out.get(name)!.push({ ...v, file: name });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One manifest for runOracleBatch: its text, judged with the templates of the dependency files. */
export interface BatchRequest {
  id: string;
  text: string;
  /** Files whose WorkflowTemplates resolve the text's refs (the text's own templates win). */
  deps: string[];
}

/**
 * Runs the oracle's --batch mode: each request is judged alone, as if `argo lint --offline` ran over its text and its
 * deps, all in one process (the index of each distinct deps list is built once). Returns the verdicts per id.
 */
export function runOracleBatch(
  requests: BatchRequest[],
  options: OracleOptions = {},
): Promise<Map<string, OracleVerdict[]>> {
  const bin = oracleBinary();
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      [...flags(options), '--batch'],
      { encoding: 'utf8', maxBuffer: MAX_BUFFER },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`oracle --batch failed: ${err.message}\n${stderr}`));
        const out = new Map<string, OracleVerdict[]>(requests.map((r) => [r.id, []]));
        for (const v of parse(stdout)) out.get(v.file)?.push(v);
        resolve(out);
      },
    );
    child.stdin!.on('error', reject);
    for (const r of requests) child.stdin!.write(JSON.stringify(r) + '\n');
    child.stdin!.end();
  });
}
