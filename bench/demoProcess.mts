// A demo cluster in a process of its own (bench/demoServer.mts), so that what a benchmark measures in its own
// process (time, heap) is the client's share only.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

export interface DemoProcess {
  url: string;
  token: string;
  caPem: string;
  startMs: number;
  child: ChildProcess;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts the demo cluster with `workflows` finished workflows of `nodes` nodes each. */
export async function startDemoProcess(workflows: number, nodes: number): Promise<DemoProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'demoServer.mts'), String(workflows), String(nodes)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the demo server exited with code ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin!.end();
    await exited;
  };
  return { ...(JSON.parse(line) as Omit<DemoProcess, 'child' | 'stop'>), child, stop };
}

/** A process's resident set (MB), from /proc (Linux). */
export function rssMB(pid: number | undefined): string {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? (Number(kb) / 1024).toFixed(0) : 'n/a';
  } catch {
    return 'n/a';
  }
}
