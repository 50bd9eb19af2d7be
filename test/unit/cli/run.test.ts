import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/run';
import type { CliCommand } from '../../../src/cli/io';
import { memoryIO } from '../../support/memoryIO';

const echo: CliCommand = {
  name: 'echo',
  summary: 'Print the arguments',
  usage: 'Usage: argo-doctor echo WORDS...\n',
  async run(args, io) {
    io.stdout(args.join(' ') + '\n');
    return args.length === 0 ? 2 : 0;
  },
};

describe('cli', () => {
  it('prints usage with every command for --help and exits 0', async () => {
    const io = memoryIO(process.cwd());
    assert.equal(await runCli(['--help'], io, [echo]), 0);
    assert.match(io.out, /Usage: argo-doctor <command>/);
    assert.match(io.out, /echo\s+Print the arguments/);
    assert.equal(io.err, '');
  });

  it('prints the version for --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const io = memoryIO(process.cwd());
      assert.equal(await runCli([flag], io, [echo]), 0);
      assert.match(io.out, /^(dev|\d+\.\d+\.\d+)\n$/);
    }
  });

  it('exits 2 with usage on stderr for an unknown command or option', async () => {
    for (const args of [['frobnicate'], ['--frob']]) {
      const io = memoryIO(process.cwd());
      assert.equal(await runCli(args, io, [echo]), 2);
      assert.match(io.err, /unknown (command|option) '(frobnicate|--frob)'/);
      assert.match(io.err, /Usage: argo-doctor/);
      assert.equal(io.out, '');
    }
  });

  it('exits 2 with usage when called with no arguments', async () => {
    const io = memoryIO(process.cwd());
    assert.equal(await runCli([], io, [echo]), 2);
    assert.match(io.err, /Usage/);
  });

  it('dispatches to a subcommand and returns its exit code', async () => {
    const io = memoryIO(process.cwd());
    assert.equal(await runCli(['echo', 'a', 'b'], io, [echo]), 0);
    assert.equal(io.out, 'a b\n');
    assert.equal(await runCli(['echo'], memoryIO(process.cwd()), [echo]), 2);
  });

  it('shows a subcommand usage for `help NAME` and `NAME --help`', async () => {
    for (const args of [
      ['help', 'echo'],
      ['echo', '--help'],
    ]) {
      const io = memoryIO(process.cwd());
      assert.equal(await runCli(args, io, [echo]), 0);
      assert.equal(io.out, echo.usage);
    }
  });

  it('turns a crashing subcommand into exit 70 with a message, not an unhandled rejection', async () => {
    const boom: CliCommand = { ...echo, name: 'boom', run: async () => Promise.reject(new Error('kaput')) };
    const io = memoryIO(process.cwd());
    assert.equal(await runCli(['boom'], io, [boom]), 70);
    assert.match(io.err, /internal error: .*kaput/);
  });
});
