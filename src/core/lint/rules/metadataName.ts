import type { Rule } from '../context';
import { DNS1123_SUBDOMAIN } from '../argo';

/**
 * Object names: DNS-1123 subdomains, with Argo's tighter limits for Workflows and (Cluster)WorkflowTemplates (63) and
 * CronWorkflows (52).
 */
export const metadataName: Rule = {
  id: 'metadata-name',
  severity: 'error',
  description: "metadata.name / generateName must be valid Kubernetes names within Argo's length limits.",
  partlyBeyondArgo:
    'argo lint checks only the length of a name; a missing or malformed name Kubernetes rejects when the manifest is ' +
    'applied.',
  check(ctx) {
    const meta = ctx.root.get('metadata');
    const limit = ctx.kind === 'CronWorkflow' ? 52 : 63;
    const why =
      ctx.kind === 'CronWorkflow'
        ? 'the CronWorkflow name plus an 11-character timestamp suffix must fit in 63 characters'
        : ctx.kind === 'Workflow'
          ? 'Argo uses it as a label value'
          : 'Argo labels the workflows made from it with its name, and a label value has at most 63';
    const name = meta.get('name');
    const gen = meta.get('generateName');
    const n = name.str();
    const g = gen.str();
    if (n === undefined && g === undefined) {
      if (ctx.kind !== 'Workflow')
        ctx.report(meta.exists ? meta : ctx.root, 'metadata.name is required.', { at: 'key', beyondArgo: true });
      else
        ctx.report(
          meta.exists ? meta : ctx.root,
          'metadata.name or metadata.generateName is needed when you submit with kubectl (the argo CLI can supply one).',
          { at: 'key', severity: 'warning' },
        );
      return;
    }
    if (n !== undefined && !n.includes('{{')) {
      if (!DNS1123_SUBDOMAIN.test(n))
        ctx.report(
          name,
          `metadata.name '${n}' is invalid: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.`,
          { beyondArgo: true },
        );
      else if (n.length > limit)
        ctx.report(name, `metadata.name is ${n.length} characters; at most ${limit} are allowed (${why}).`);
    }
    if (g !== undefined && !g.includes('{{')) {
      const base = g.replace(/-$/, '');
      if (base && !DNS1123_SUBDOMAIN.test(base))
        ctx.report(gen, `metadata.generateName '${g}' is invalid: use lower-case letters, digits, '-' and '.'.`, {
          beyondArgo: true,
        });
    }
  },
};
