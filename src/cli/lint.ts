import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../core/lint/lint';
import { rules } from '../core/lint/registry';
import { MapTemplateIndex } from '../core/lint/templateIndex';
import type { LintFinding } from '../core/lint/types';
import { VERSION } from '../core/version';
import { Exit, type CliCommand, type CliIO } from './io';
import { inChartTemplates } from '../core/lint/helm';
import { ARGO_VERSIONS, NEWEST_ARGO, type ArgoVersion } from '../core/lint/argoVersion';

/** A Helm chart's root: the folder holds Chart.yaml. */
const hasChart = (dir: string) => existsSync(path.join(dir, 'Chart.yaml'));

const USAGE = `Usage: argo-doctor lint [--format text|json|sarif] [--argo-version X.Y] PATH...

Checks Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow YAML files (folders are searched
recursively for .yaml/.yml). WorkflowTemplates in any of the given files are known to templateRefs in all of them.

Options:
  --format text|json|sarif  Output format (default text). json: [{file, line, column, endLine, endColumn,
                            severity, rule, message}] with 1-based positions. sarif: SARIF 2.1.0.
  --argo-version X.Y        The Argo version you run (${ARGO_VERSIONS.join(', ')}; default ${NEWEST_ARGO}): fields
                            are checked against its schema (e.g. 'schedule' is fine on 3.7, removed on 4.0).
  -h, --help                Show this help

Exit codes: 0 no error-severity finding, 1 errors found, 2 usage error or unreadable path.
`;

interface FileFinding extends LintFinding {
  file: string;
}

function collect(p: string, out: string[]): void {
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const e of readdirSync(p).sort()) {
      if (e === 'node_modules' || e.startsWith('.')) continue;
      const child = path.join(p, e);
      if (statSync(child).isDirectory() || /\.ya?ml$/i.test(e)) collect(child, out);
    }
  } else out.push(p);
}

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Check Argo workflow YAML files for misconfigurations',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    let format = 'text';
    let argoVersion: ArgoVersion = NEWEST_ARGO;
    const paths: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--format' || a.startsWith('--format=')) {
        format = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? '');
        if (!['text', 'json', 'sarif'].includes(format)) {
          io.stderr(`argo-doctor lint: unknown format '${format}' (text, json or sarif)\n`);
          return Exit.usage;
        }
      } else if (a === '--argo-version' || a.startsWith('--argo-version=')) {
        const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? '');
        if (!(ARGO_VERSIONS as readonly string[]).includes(v)) {
          io.stderr(`argo-doctor lint: unknown Argo version '${v}' (one of ${ARGO_VERSIONS.join(', ')})\n`);
          return Exit.usage;
        }
        argoVersion = v as ArgoVersion;
      } else if (a.startsWith('-') && a !== '-') {
        io.stderr(`argo-doctor lint: unknown option '${a}'\n\n${USAGE}`);
        return Exit.usage;
      } else paths.push(a);
    }
    if (paths.length === 0) {
      io.stderr(`argo-doctor lint: no PATH given\n\n${USAGE}`);
      return Exit.usage;
    }
    const files: string[] = [];
    for (const p of paths) {
      try {
        collect(path.resolve(io.cwd, p), files);
      } catch (e) {
        io.stderr(`argo-doctor lint: cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        return Exit.usage;
      }
    }
    const texts = new Map<string, string>();
    for (const f of files) {
      try {
        texts.set(f, readFileSync(f, 'utf8'));
      } catch (e) {
        io.stderr(
          `argo-doctor lint: cannot read ${path.relative(io.cwd, f)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`,
        );
        return Exit.usage;
      }
    }
    const index = new MapTemplateIndex();
    for (const [f, text] of texts) index.addFile(text, path.relative(io.cwd, f));
    const all: FileFinding[] = [];
    for (const [f, text] of texts) {
      for (const finding of lintText(text, {
        externalTemplates: index,
        inChartTemplates: inChartTemplates(f, hasChart),
        argoVersion,
      }))
        all.push({ ...finding, file: path.relative(io.cwd, f) || f });
    }
    if (format === 'json') io.stdout(JSON.stringify(all.map(toJson), null, 2) + '\n');
    else if (format === 'sarif') io.stdout(JSON.stringify(toSarif(all), null, 2) + '\n');
    else io.stdout(toText(all, files.length, argoVersion));
    return all.some((f) => f.severity === 'error') ? Exit.findings : Exit.ok;
  },
};

function toJson(f: FileFinding) {
  return {
    file: f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.ruleId,
    message: f.message,
  };
}

function toText(all: FileFinding[], fileCount: number, argoVersion: ArgoVersion): string {
  const lines = all.map(
    (f) =>
      `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.message} [${f.ruleId}]`,
  );
  const count = (s: string) => all.filter((f) => f.severity === s).length;
  lines.push(
    `${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('information')} note(s)`,
  );
  lines.push(`(checked against the schema of Argo ${argoVersion}; --argo-version to change)`);
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note' } as const;

function toSarif(all: FileFinding[]) {
  const used = new Set(all.map((f) => f.ruleId));
  const ruleList = rules
    .filter((r) => used.has(r.id))
    .map((r) => ({ id: r.id, shortDescription: { text: r.description }, helpUri: `docs/rules/${r.id}.md` }));
  for (const id of used)
    if (!ruleList.some((r) => r.id === id))
      ruleList.push({ id, shortDescription: { text: id }, helpUri: `docs/rules/${id}.md` });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'argo-doctor',
            version: VERSION,
            informationUri: 'https://github.com/argo-doctor/argo-doctor',
            rules: ruleList,
          },
        },
        results: all.map((f) => ({
          ruleId: f.ruleId,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split(path.sep).join('/') },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
