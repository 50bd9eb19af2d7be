import { parameterHasOwnValue, templateTypes } from './argo';
import { parseArgoFile, type ParsedArgoDoc } from './parse';
import type { ExternalTemplateInfo, ExternalTemplateSource, TemplateIndex } from './types';

type IndexKind = 'WorkflowTemplate' | 'ClusterWorkflowTemplate';

/** A mutable index of WorkflowTemplates and ClusterWorkflowTemplates (workspace files, the cluster). */
export class MapTemplateIndex implements TemplateIndex {
  private readonly byKey = new Map<string, ExternalTemplateSource>();
  constructor(public complete = false) {}

  get(kind: IndexKind, name: string): ExternalTemplateSource | undefined {
    return this.byKey.get(`${kind}/${name}`);
  }
  add(source: ExternalTemplateSource): void {
    this.byKey.set(`${source.kind}/${source.name}`, source);
  }
  /** Removes every source that came from this origin (a file being re-indexed or deleted). */
  removeOrigin(origin: string): void {
    for (const [k, v] of this.byKey) if (v.origin === origin) this.byKey.delete(k);
  }
  addFile(text: string, origin: string): void {
    this.removeOrigin(origin);
    for (const doc of parseArgoFile(text).docs) {
      const s = sourceFromDoc(doc, origin);
      if (s) this.add(s);
    }
  }
  get size(): number {
    return this.byKey.size;
  }
}

/** Several indexes consulted in order (the file itself first, then the workspace, then the cluster). */
export function chainIndexes(...indexes: (TemplateIndex | undefined)[]): TemplateIndex {
  const list = indexes.filter((i): i is TemplateIndex => i !== undefined);
  return {
    get: (kind, name) => {
      for (const i of list) {
        const s = i.get(kind, name);
        if (s) return s;
      }
      return undefined;
    },
    complete: list.some((i) => i.complete),
  };
}

/** What other documents need to know about a WorkflowTemplate or ClusterWorkflowTemplate document. */
export function sourceFromDoc(doc: ParsedArgoDoc, origin: string): ExternalTemplateSource | undefined {
  if (doc.kind !== 'WorkflowTemplate' && doc.kind !== 'ClusterWorkflowTemplate') return undefined;
  const root = doc.ydoc.root;
  const name = root.get('metadata').get('name').str();
  if (!name) return undefined;
  const spec = root.get('spec');
  const templates = new Map<string, ExternalTemplateInfo>();
  for (const t of spec.get('templates').items()) {
    const tname = t.get('name').str();
    if (!tname) continue;
    templates.set(tname, {
      inputParameters: t
        .get('inputs')
        .get('parameters')
        .items()
        .map((p) => ({
          name: p.get('name').str() ?? '',
          hasDefault: parameterHasOwnValue(p),
        })),
      inputArtifacts: t
        .get('inputs')
        .get('artifacts')
        .items()
        .map((a) => a.get('name').str() ?? ''),
      outputParameters: t
        .get('outputs')
        .get('parameters')
        .items()
        .map((p) => p.get('name').str() ?? ''),
      outputArtifacts: t
        .get('outputs')
        .get('artifacts')
        .items()
        .map((a) => a.get('name').str() ?? ''),
      type: templateTypes(t)[0] ?? 'unknown',
    });
  }
  return {
    kind: doc.kind,
    name,
    templates,
    origin,
    argumentNames: spec
      .get('arguments')
      .get('parameters')
      .items()
      .map((p) => p.get('name').str() ?? ''),
    entrypoint: spec.get('entrypoint').str(),
    invalidTemplates: spec
      .get('templates')
      .items()
      .filter((t) => templateTypes(t).length !== 1)
      .map((t) => t.get('name').str() ?? '?'),
  };
}
