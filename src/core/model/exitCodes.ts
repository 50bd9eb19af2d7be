// What a container's exit code (and the reason Kubernetes gives) means, in plain words.

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
};

/** The plain-words meaning of an exit code, given the termination reason when Kubernetes reports one. */
export function exitCodeMeaning(code: number | undefined, reason?: string): string | undefined {
  if (code === undefined || !Number.isFinite(code)) return undefined;
  if (reason === 'OOMKilled') return 'killed for using more memory than its limit (out of memory)';
  if (reason === 'ContainerCannotRun' || reason === 'StartError')
    return 'the container could not start (bad command, entrypoint or mount)';
  if (code === 0) return 'succeeded';
  if (code === 1) return 'the program failed (a general error: see its log)';
  if (code === 2) return 'the program was misused (bad arguments or shell syntax)';
  if (code === 126) return 'the command was found but could not be executed (permissions, or not a binary)';
  if (code === 127) return 'the command was not found in the image';
  if (code === 128) return 'invalid exit argument';
  if (code === 137)
    return 'killed with SIGKILL: usually out of memory, or killed after a failed liveness probe or a deadline';
  if (code === 139) return 'crashed with a segmentation fault (SIGSEGV)';
  if (code === 143)
    return 'stopped with SIGTERM: the pod was asked to shut down (deadline, stop, eviction or node shutdown)';
  if (code > 128 && code < 160) {
    const sig = SIGNALS[code - 128];
    return `ended by signal ${code - 128}${sig ? ` (${sig})` : ''}`;
  }
  if (code < 0) return 'the container runtime reported an error';
  return 'the program failed with its own error code (see its log)';
}
