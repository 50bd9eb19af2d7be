// A CLI I/O that keeps what the command writes, for tests of the argo-doctor commands.
import type { CliIO } from '../../src/cli/io';

export function memoryIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    env: {},
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}
