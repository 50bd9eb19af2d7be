import {
  isAlias as yamlIsAlias,
  isMap as yamlIsMap,
  isPair as yamlIsPair,
  isSeq as yamlIsSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import { ARGO_KINDS, type ArgoKind } from './kinds';
import type { LintFinding, Range } from './types';
import { YDoc } from './ynode';
import { docUrl } from './docs';
import { looksLikeHelm, type HelmContext } from './helm';

// yaml's node guards, bound once: a bundled CommonJS module would otherwise reach each through a getter per call.
const isAlias: typeof yamlIsAlias = yamlIsAlias;
const isMap: typeof yamlIsMap = yamlIsMap;
const isPair: typeof yamlIsPair = yamlIsPair;
const isSeq: typeof yamlIsSeq = yamlIsSeq;

export interface ParsedArgoDoc {
  kind: ArgoKind;
  ydoc: YDoc;
  /** Index of the document in the file (0-based). */
  index: number;
}

export interface ParsedFile {
  docs: ParsedArgoDoc[];
  /** Syntax errors, size and alias guards, Helm notice. */
  findings: LintFinding[];
  lineCounter: LineCounter;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** A document whose aliases expand to more nodes than this is an alias bomb ("billion laughs"). */
const MAX_EXPANDED_NODES = 200_000;

const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function finding(ruleId: string, severity: LintFinding['severity'], message: string, range: Range = zero): LintFinding {
  return { ruleId, severity, message, range, docUrl: docUrl(ruleId) };
}

/** Parses every YAML document of a file keeping source ranges; returns the Argo ones and file-level findings. */
export function parseArgoFile(text: string, maxBytes = DEFAULT_MAX_BYTES, where: HelmContext = {}): ParsedFile {
  let lineCounter = new LineCounter();
  if (text.length > maxBytes) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return {
      docs: [],
      findings: [
        finding(
          'file-too-large',
          'warning',
          `This file is ${mb} MB, too large to lint (limit ${(maxBytes / 1024 / 1024).toFixed(0)} MB). Kubernetes rejects objects over about 1 MB.`,
        ),
      ],
      lineCounter,
    };
  }
  if (looksLikeHelm(text, where)) {
    return {
      docs: [],
      findings: [
        finding(
          'helm-template',
          'information',
          'This file is a Helm template, not plain YAML: Argo Doctor lints the rendered manifests. Run `helm template` and lint its output.',
        ),
      ],
      lineCounter,
    };
  }
  const findings: LintFinding[] = [];
  let documents = parseDocs(text, lineCounter);
  let lineCounterText = text;
  if (documents.some((d) => d.errors.some((e) => e.code === 'BAD_INDENT' || e.code === 'MISSING_CHAR'))) {
    // Go's YAML parser (which Kubernetes uses) accepts quoted strings in flow lists whose continuation lines are
    // indented less than their key; eemeli/yaml does not. Indenting those lines changes nothing in the value
    // (line folding trims leading spaces) and keeps line numbers.
    const relaxed = relaxQuotedFlowIndentation(text);
    if (relaxed !== text) {
      const retryCounter = new LineCounter();
      const retry = parseDocs(relaxed, retryCounter);
      if (retry.every((d) => d.errors.length === 0)) {
        documents = retry;
        lineCounter = retryCounter;
        lineCounterText = relaxed;
      }
    }
  }
  const docs: ParsedArgoDoc[] = [];
  const parsedText = lineCounterText;
  // An alias that resolves needs a '*' and an anchor's '&'; an alias that resolves to nothing counts as one node.
  const mayHaveAliases = parsedText.includes('*') && parsedText.includes('&');
  const smallTree = !mayHaveAliases && parsedText.length < TREE_SIZE_SAFE_CHARS;
  documents.forEach((doc, index) => {
    for (const e of doc.errors) {
      const msg = e.message.split('\n')[0] ?? e.message;
      const duplicate = e.code === 'DUPLICATE_KEY';
      findings.push(
        finding(
          duplicate ? 'duplicate-key' : 'yaml-syntax',
          duplicate ? 'warning' : 'error',
          duplicate ? `${msg}: Kubernetes keeps only the last value.` : `YAML: ${msg}`,
          posRange(lineCounter, e.pos),
        ),
      );
    }
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return; // linting half-parsed structure gives nonsense; other documents go on
    const expanded = smallTree ? 0 : expandedSize(doc, mayHaveAliases);
    const ydoc = new YDoc(
      doc,
      lineCounter,
      doc.range ? posRange(lineCounter, [doc.range[0], doc.range[0] + 1]) : endRange(lineCounter, text),
      parsedText,
    );
    if (expanded > MAX_EXPANDED_NODES) {
      findings.push(
        finding(
          'yaml-alias-limit',
          'error',
          `This document's YAML aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes (an "alias bomb"); Kubernetes refuses such manifests, so it was not linted.`,
          ydoc.fallbackRange,
        ),
      );
      return;
    }
    const kind = argoKind(ydoc);
    if (kind) docs.push({ kind, ydoc, index });
  });
  return { docs, findings, lineCounter };
}

function posRange(lineCounter: LineCounter, pos: [number, number] | undefined): Range {
  if (!pos) return zero;
  const a = lineCounter.linePos(pos[0]);
  const b = lineCounter.linePos(Math.max(pos[1], pos[0] + 1));
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

function endRange(lineCounter: LineCounter, text: string): Range {
  const p = lineCounter.linePos(text.length);
  return { start: { line: p.line - 1, character: 0 }, end: { line: p.line - 1, character: p.col - 1 } };
}

/**
 * Without resolvable aliases a document has at most about two nodes per character of source (an implicit null takes an
 * indicator or a key's character), so a text shorter than this cannot reach MAX_EXPANDED_NODES and needs no count.
 */
const TREE_SIZE_SAFE_CHARS = 50_000;

/** How many nodes the document has once every alias is expanded; memoised, so linear in the document's size. */
function expandedSize(doc: Document, mayHaveAliases: boolean): number {
  // Without an alias that resolves, the document is a tree and needs no memo.
  if (!mayHaveAliases) return treeSize(doc.contents, 0);
  const memo = new Map<Node, number>();
  const size = (n: unknown, depth: number): number => {
    if (!n || typeof n !== 'object' || depth > 200) return 1;
    const node = n as Node;
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, 1); // guards against self-reference while computing
    let total = 1;
    if (isAlias(node)) total = size(node.resolve(doc), depth + 1);
    else if (isMap(node))
      for (const p of node.items) total += isPair(p) ? size(p.key, depth + 1) + size(p.value, depth + 1) : 1;
    else if (isSeq(node)) for (const i of node.items) total += size(i, depth + 1);
    total = Math.min(total, Number.MAX_SAFE_INTEGER);
    memo.set(node, total);
    return total;
  };
  return size(doc.contents, 0);
}

/** expandedSize of a document without resolvable aliases: every node is reached once (an alias counts as one). */
function treeSize(n: unknown, depth: number): number {
  if (!n || typeof n !== 'object' || depth > 200) return 1;
  let total = 1;
  if (isMap(n))
    for (const p of n.items) total += isPair(p) ? treeSize(p.key, depth + 1) + treeSize(p.value, depth + 1) : 1;
  else if (isSeq(n)) for (const i of n.items) total += treeSize(i, depth + 1);
  return total;
}

function parseDocs(text: string, lineCounter: LineCounter): Document[] {
  // Findings use the code, message and position of YAML errors, never their stack: skip capturing one per error.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const all = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: false });
    return Array.isArray(all) ? all : [];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Indents the continuation lines of multi-line quoted scalars that open inside a flow list (`args: ["...`). */
export function relaxQuotedFlowIndentation(text: string): string {
  const lines = text.split('\n');
  const open = /^(\s*)(?:- )?[^\s#][^:#]*:\s*\[\s*(["'])/;
  for (let i = 0; i < lines.length; i++) {
    const m = open.exec(lines[i]!);
    if (!m) continue;
    const quote = m[2]!;
    const rest = lines[i]!.slice(m[0].length);
    if (closes(rest, quote)) continue;
    const indent = ' '.repeat(m[1]!.length + 2);
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim() !== '' && !line.startsWith(indent)) lines[j] = indent + line.trimStart();
      if (closes(line, quote)) {
        i = j;
        break;
      }
    }
  }
  return lines.join('\n');
}

function closes(s: string, quote: string): boolean {
  const escaped = quote === '"' ? /\\./g : /''/g;
  return s.replace(escaped, '').includes(quote);
}

function argoKind(ydoc: YDoc): ArgoKind | undefined {
  const root = ydoc.root;
  if (!root.isMap) return undefined;
  const apiVersion = root.get('apiVersion').str();
  const kind = root.get('kind').str();
  if (apiVersion?.startsWith('argoproj.io/') && (ARGO_KINDS as readonly string[]).includes(kind ?? ''))
    return kind as ArgoKind;
  // A bare workflow (no apiVersion/kind), as pasted from docs or tests: lint it as a Workflow.
  if (
    apiVersion === undefined &&
    kind === undefined &&
    (root.get('spec').has('templates') || root.get('spec').has('entrypoint'))
  ) {
    return 'Workflow';
  }
  return undefined;
}
