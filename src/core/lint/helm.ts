// Is this file a Helm chart template (lint its rendered output instead) or plain YAML that happens to hold Go
// templates in its values (Hera and Kubeflow put them in shell commands; Argo has `{{=expr}}`)? Helm only where the
// file belongs to a chart, or where a template directive stands where YAML structure is, so YAML cannot parse it.

/** A Go template action as Helm writes them: `.Values…`, `$var`, or a keyword/function. */
const HELM_ACTION =
  /\{\{-?\s*(\.[A-Za-z]|\$[A-Za-z_]|(if|else|end|range|include|template|with|define|toYaml|tpl|required|default)\b)/;
/** A line that opens a block scalar (`key: |`, `- >-`, `key: |2`): the lines below it are text. */
const BLOCK_START = /(^|[\s:-])[|>][-+0-9]*\s*(#.*)?$/;

/** Where the file is, for chart detection: its path relative to a chart root is enough. */
export interface HelmContext {
  /** True when a Chart.yaml sits in a folder above the file and the file is under that chart's templates/ folder. */
  inChartTemplates?: boolean;
}

/**
 * True for a Helm template: in a chart's templates/ folder, or with a Helm action at YAML structure level (a line
 * that starts with `{{`, or an unquoted value or key that does). Actions inside quoted strings, block scalars and
 * comments are values: they are linted like any other string.
 */
export function looksLikeHelm(text: string, where: HelmContext = {}): boolean {
  if (where.inChartTemplates) return true;
  if (!text.includes('{{')) return false;
  const lines = text.split('\n');
  let blockIndent = -1; // inside a block scalar: lines indented more than this belong to it
  for (const line of lines) {
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (blockIndent >= 0) {
      if (trimmed === '' || indent > blockIndent) continue;
      blockIndent = -1;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (structuralAction(trimmed)) return true;
    if (BLOCK_START.test(line.replace(/\s+#.*$/, ''))) blockIndent = indent;
  }
  return false;
}

/** A Helm action where YAML expects structure: the line's start, after `- `, or an unquoted key or value. */
function structuralAction(trimmed: string): boolean {
  const rest = trimmed.startsWith('- ') ? trimmed.slice(2).trimStart() : trimmed;
  if (rest.startsWith('{{')) return HELM_ACTION.test(rest);
  const value = /^[^'"{][^:]*:\s+(\{\{.*)$/.exec(rest);
  return value ? HELM_ACTION.test(value[1] ?? '') : false;
}

/** Whether a file path lies in the templates/ folder of a chart whose Chart.yaml `hasChart` finds above it. */
export function inChartTemplates(filePath: string, hasChart: (dir: string) => boolean): boolean {
  const parts = filePath.split(/[\\/]/);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] !== 'templates') continue;
    if (hasChart(parts.slice(0, i).join('/') || '/')) return true;
  }
  return false;
}
