import { VERSION } from '../core/version';
import { commands as defaultCommands } from './commands';
import { Exit, type CliCommand, type CliIO } from './io';

function usage(commands: readonly CliCommand[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = [
    'Usage: argo-doctor <command> [options]',
    '',
    'Understand and prevent failed Argo Workflows.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show help for a command`,
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -v, --version  Print the version',
  ];
  return lines.join('\n') + '\n';
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function runCli(
  args: string[],
  io: CliIO,
  commands: readonly CliCommand[] = defaultCommands,
): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '-h' || first === '--help') {
    (first === undefined ? io.stderr : io.stdout)(usage(commands));
    return first === undefined ? Exit.usage : Exit.ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return Exit.ok;
  }
  if (first === 'help') {
    const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && !target) {
      io.stderr(`argo-doctor: unknown command '${rest[0]}'\n\n${usage(commands)}`);
      return Exit.usage;
    }
    io.stdout(target ? target.usage : usage(commands));
    return Exit.ok;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    io.stderr(`argo-doctor: ${what}\n\n${usage(commands)}`);
    return Exit.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return Exit.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    io.stderr(
      `argo-doctor ${command.name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 70;
  }
}
