import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { convertText } from '../core/lint/convert';
import { Exit, type CliCommand, type CliIO } from './io';

const USAGE = `Usage: argo-doctor convert [--write] FILE...

Rewrites the fields Argo 4.0 removed into their list forms, as \`argo convert\` does: spec.schedule → schedules,
synchronization.semaphore → semaphores, synchronization.mutex → mutexes. Comments and layout are kept.

Options:
  --write     Change the files in place (default: print the converted text)
  -h, --help  Show this help

Exit codes: 0 done (or nothing to convert), 2 usage error or unreadable file.
`;

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Rewrite fields removed in Argo 4.0 (schedule, semaphore, mutex) into their lists',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const write = args.includes('--write');
    const files = args.filter((a) => a !== '--write');
    const bad = files.find((a) => a.startsWith('-'));
    if (bad || files.length === 0) {
      io.stderr(`argo-doctor convert: ${bad ? `unknown option '${bad}'` : 'no FILE given'}\n\n${USAGE}`);
      return Exit.usage;
    }
    for (const f of files) {
      const file = path.resolve(io.cwd, f);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        io.stderr(`argo-doctor convert: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        return Exit.usage;
      }
      const c = convertText(text);
      if (write) {
        if (c.changes.length) writeFileSync(file, c.text);
        io.stderr(`${f}: ${c.changes.length ? c.changes.join('; ') : 'nothing to convert'}\n`);
      } else io.stdout(c.text);
    }
    return Exit.ok;
  },
};
