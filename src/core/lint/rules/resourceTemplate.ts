import { parseDocument } from 'yaml';
import type { Rule } from '../context';
import { isSet } from '../argo';

const ACTIONS = ['get', 'create', 'apply', 'delete', 'replace', 'patch'];

/** Parsing an embedded manifest is costly: remember results while the user types. */
const manifestMemo = new Map<string, string | undefined>();

function manifestError(text: string): string | undefined {
  if (manifestMemo.has(text)) return manifestMemo.get(text);
  const doc = parseDocument(text);
  const error = doc.errors.length > 0 ? doc.errors[0]!.message.split('\n')[0] : undefined;
  if (manifestMemo.size > 200) manifestMemo.clear();
  manifestMemo.set(text, error);
  return error;
}

export const resourceTemplate: Rule = {
  id: 'resource-template',
  severity: 'error',
  description: 'resource templates need a valid action and exactly one of manifest or manifestFrom.',
  check(ctx) {
    for (const t of ctx.templates) {
      const r = t.node.get('resource');
      if (!r.exists) continue;
      const where = `templates.${t.name ?? '?'}.resource`;
      const action = r.get('action');
      const a = action.str();
      if (a === undefined) ctx.report(r, `${where}.action is required (one of: ${ACTIONS.join(', ')}).`, { at: 'key' });
      else if (!a.includes('{{') && !ACTIONS.includes(a))
        ctx.report(action, `${where}.action must be one of: ${ACTIONS.join(', ')}.`);
      const hasManifest = isSet(r, 'manifest');
      const hasFrom = isSet(r, 'manifestFrom');
      if (hasManifest && hasFrom)
        ctx.report(r.get('manifestFrom'), `${where}: use either manifest or manifestFrom, not both.`, { at: 'key' });
      if (!hasManifest && !hasFrom && a !== 'delete' && a !== 'get')
        ctx.report(r, `${where}: manifest or manifestFrom is required.`, { at: 'key' });
      const fromArtifact = r.get('manifestFrom').get('artifact');
      if (hasFrom && !fromArtifact.exists)
        ctx.report(r.get('manifestFrom'), `${where}.manifestFrom.artifact is required.`, { at: 'key' });
      const artName = fromArtifact.get('name').str();
      if (
        artName !== undefined &&
        !hasManifest &&
        a !== 'delete' &&
        a !== 'get' &&
        !t.node
          .get('inputs')
          .get('artifacts')
          .items()
          .some((i) => i.get('name').str() === artName)
      )
        ctx.report(
          fromArtifact.get('name'),
          `${where}.manifestFrom.artifact '${artName}' is not an input artifact of this template: declare it under inputs.artifacts.`,
        );
      const m = r.get('manifest');
      const text = m.str();
      if (text !== undefined && !text.includes('{{')) {
        const error = manifestError(text);
        if (error) ctx.report(m, `${where}.manifest is not valid YAML: ${error}`);
      }
    }
  },
};
