import type { ChildProcess } from 'node:child_process';

export const REPO_ROOT: string;
export const RIG: string;
export const TEST_SETTINGS: Record<string, unknown>;
export function rigInstalled(): boolean;
export function freePort(): Promise<number>;

export interface StartOptions {
  port?: number;
  baseDir?: string;
  extensionsDir?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  extraArgs?: string[];
  verbose?: boolean;
}

export interface CodeServer {
  url: string;
  port: number;
  proc: ChildProcess;
  userDataDir: string;
  extensionsDir: string;
  baseDir: string;
  stop(): Promise<void>;
  workbenchUrl(opts?: {
    folder?: string;
    extensionDevelopmentPath?: string;
    extensionTestsPath?: string;
    extensionEnvironment?: Record<string, string>;
  }): string;
  output(): string;
}

export function startCodeServer(opts?: StartOptions): Promise<CodeServer>;
export function installExtension(vsix: string, extensionsDir: string): Promise<string>;
