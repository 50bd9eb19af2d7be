import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parseDocument } from 'yaml';
import type { KubeError } from './errors';

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** The files consulted, in order (existing or not). */
  files: string[];
  /** Per-file parse problems (a broken file does not stop the others). */
  problems: string[];
}

/** The kubeconfig files kubectl would read: $KUBECONFIG (path-list) or ~/.kube/config. */
export function kubeconfigFiles(env: Record<string, string | undefined> = process.env, home = os.homedir()): string[] {
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f.trim() !== '');
  return list.length ? [...new Set(list.map((f) => path.resolve(f)))] : [path.join(home, '.kube', 'config')];
}

/** Loads and merges kubeconfig files as kubectl does: the first file to define a name wins. */
export function loadKubeconfig(files: string[]): LoadedKubeconfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  const problems: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const one = new KubeConfig();
    try {
      one.loadFromString(readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return { kc, files, problems };
}

/** The file kubectl writes current-context to: the first that sets one, else the first existing, else the first. */
export function currentContextFile(files: string[]): string {
  for (const f of files) {
    if (!existsSync(f)) continue;
    try {
      if (parseDocument(readFileSync(f, 'utf8')).get('current-context')) return f;
    } catch {
      /* unreadable: skip */
    }
  }
  return files.find((f) => existsSync(f)) ?? files[0]!;
}

/** Switches the current context like `kubectl config use-context`, keeping the rest of the file as it was. */
export function setCurrentContext(files: string[], name: string): void {
  const file = currentContextFile(files);
  const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : 'apiVersion: v1\nkind: Config\n');
  doc.set('current-context', name);
  writeFileSync(file, doc.toString(), { mode: 0o600 });
}

/** An exec credential plugin that is not on PATH, explained; undefined when the current user needs none or has it. */
export function checkAuthPlugin(kc: KubeConfig, envPath = process.env.PATH ?? ''): KubeError | undefined {
  const user = kc.getCurrentUser();
  const command = user?.exec?.command;
  if (!command) return undefined;
  const candidates = path.isAbsolute(command)
    ? [command]
    : envPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, command));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return undefined;
    } catch {
      /* try the next */
    }
  }
  return {
    kind: 'authPlugin',
    message: `Your kubeconfig gets credentials by running '${command}', which is not on the PATH VS Code sees. Install it, or start VS Code from a terminal where '${command}' works (editors started from the desktop may lack your shell's PATH).`,
  };
}
