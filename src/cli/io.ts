/** What a CLI command may touch, so commands run in-process in tests. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A subcommand of `argo-doctor`. `run` returns the exit code. */
export interface CliCommand {
  name: string;
  /** One line for the command list in `--help`. */
  summary: string;
  /** Full usage text for `argo-doctor help NAME` / `argo-doctor NAME --help`. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Exit codes shared by every subcommand. */
export const Exit = { ok: 0, findings: 1, usage: 2 } as const;
