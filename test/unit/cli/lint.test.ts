import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/run';
import { memoryIO } from '../../support/memoryIO';

const GOOD = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: good-}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        templateRef: {name: shared, template: echo}
`;
const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: shared}
spec:
  templates:
  - name: echo
    container: {image: alpine:3.20}
`;
const BAD = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: bad-}
spec:
  entrypoint: mian
  templates:
  - name: main
    container: {image: alpine:3.20}
`;

describe('argo-doctor lint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'argo-doctor-lint-'));
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'good.yaml'), GOOD);
    writeFileSync(path.join(dir, 'templates', 'shared.yml'), TEMPLATE);
  });

  it('exits 0 on a clean folder, resolving templateRefs across files', async () => {
    const io = memoryIO(dir);
    assert.equal(await runCli(['lint', '.'], io), 0, io.out + io.err);
    assert.match(io.out, /2 files checked: 0 error/);
  });

  it('exits 1 with 1-based positions in json', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), BAD);
    const io = memoryIO(dir);
    assert.equal(await runCli(['lint', '--format', 'json', 'bad.yaml'], io), 1);
    const out = JSON.parse(io.out) as {
      file: string;
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      severity: string;
      rule: string;
      message: string;
    }[];
    const f = out.find((x) => x.rule === 'entrypoint');
    assert.deepEqual(
      {
        file: f?.file,
        line: f?.line,
        column: f?.column,
        endLine: f?.endLine,
        endColumn: f?.endColumn,
        severity: f?.severity,
      },
      { file: 'bad.yaml', line: 5, column: 15, endLine: 5, endColumn: 19, severity: 'error' },
    );
    assert.match(f!.message, /did you mean 'main'/);
  });

  it('writes SARIF 2.1.0', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), BAD);
    const io = memoryIO(dir);
    assert.equal(await runCli(['lint', '--format=sarif', dir], io), 1);
    const sarif = JSON.parse(io.out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const r = sarif.runs[0]!.results.find((x) => x.ruleId === 'entrypoint')!;
    assert.equal(r.level, 'error');
    assert.equal(r.locations[0]!.physicalLocation.region.startLine, 5);
    assert.ok(sarif.runs[0]!.tool.driver.rules.some((x) => x.id === 'entrypoint'));
  });

  it('exits 2 for an unreadable path, an unknown format or no path', async () => {
    for (const args of [['lint', 'missing.yaml'], ['lint', '--format', 'xml', '.'], ['lint']]) {
      const io = memoryIO(dir);
      assert.equal(await runCli(args, io), 2, args.join(' '));
      assert.ok(io.err.length > 0);
    }
  });
});
