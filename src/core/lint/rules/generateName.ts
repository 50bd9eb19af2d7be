import type { Rule } from '../context';

/** A Workflow with a fixed name can only be submitted once; the second submit fails with AlreadyExists. */
export const generateName: Rule = {
  id: 'name-instead-of-generate-name',
  severity: 'warning',
  description: 'Workflows should use metadata.generateName so that they can be submitted more than once.',
  kinds: ['Workflow'],
  check(ctx) {
    const name = ctx.root.get('metadata').get('name');
    const value = name.str();
    if (!value || ctx.root.get('metadata').has('generateName')) return;
    const key = name.keyRange();
    ctx.report(
      name,
      `metadata.name '${value}' makes the second submit fail with "already exists"; use generateName: ${value}- to get a fresh name each run.`,
      {
        at: 'key',
        fixes: [
          {
            title: `Use generateName: ${value}-`,
            edits: [{ range: { start: key.start, end: name.range().end }, newText: `generateName: ${value}-` }],
            preferred: true,
          },
        ],
      },
    );
  },
};
