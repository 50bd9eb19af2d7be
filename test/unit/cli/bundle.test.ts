import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

// The shipped CLI is the esbuild bundle, not the sources: check it the way a user runs it.
describe('bundled CLI (dist/cli.js)', function () {
  this.timeout(60000);
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

  before(async () => {
    const r = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

  it('starts with a node shebang', () => {
    assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });

  it('prints the package version', () => {
    const r = run('--version');
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('prints help and exits 0', () => {
    const r = run('--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage: argo-doctor <command>/);
  });

  it('prints usage on stderr and exits 2 for an unknown command', () => {
    const r = run('no-such-command');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command 'no-such-command'/);
  });
});
