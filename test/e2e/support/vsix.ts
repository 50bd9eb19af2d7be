// The packaged extension, built and installed once per test run, for the tests that use the .vsix.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

export const VSIX = path.join(REPO_ROOT, 'argo-doctor.vsix');
let installed: Promise<string> | undefined;

/** Runs `npm run package` and installs the .vsix into a fresh extensions dir (once); returns that dir. */
export function packagedExtension(): Promise<string> {
  installed ??= (async () => {
    const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(VSIX)) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
    const extensionsDir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-exts-'));
    const { installExtension } = await import('../../rig/codeServer.mjs');
    await installExtension(VSIX, extensionsDir);
    return extensionsDir;
  })();
  return installed;
}
