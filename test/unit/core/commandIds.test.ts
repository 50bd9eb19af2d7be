import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Commands } from '../../../src/host/ids';

interface Manifest {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> };
}

describe('command ids', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
  const ids = new Set<string>(Object.values(Commands));
  /** Run by the status bar item only, so not in the palette. */
  const internal = new Set(['argoDoctor.pickContextOrNamespace']);

  it('names every command the manifest contributes, and nothing else', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.deepEqual([...contributed].filter((c) => !ids.has(c)).sort(), [], 'contributed but not in ids.ts');
    assert.deepEqual(
      [...ids].filter((c) => !contributed.has(c) && !internal.has(c)).sort(),
      [],
      'in ids.ts but not contributed',
    );
  });

  it('menus refer to known commands only', () => {
    const inMenus = Object.values(manifest.contributes.menus).flatMap((m) => m.map((e) => e.command));
    assert.deepEqual(
      inMenus.filter((c) => !ids.has(c)),
      [],
    );
  });
});
