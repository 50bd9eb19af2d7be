import type { Rule } from '../context';

/** Two volume mounts (or a mount and an input artifact) at the same path collide. */
export const volumeMounts: Rule = {
  id: 'volume-mount-collision',
  severity: 'error',
  description: 'Volume mounts and input artifacts must not share a path.',
  partlyBeyondArgo:
    "Argo checks a container's mount paths as written; the same path in a script template, or written with a " +
    'trailing slash, Kubernetes rejects when it creates the pod.',
  check(ctx) {
    const declared = new Set(
      [
        ...ctx.spec.get('volumes').items(),
        ...ctx.spec
          .get('volumeClaimTemplates')
          .items()
          .map((v) => v.get('metadata')),
      ].map((v) => v.get('name').str()),
    );
    for (const t of ctx.templates) {
      for (const v of t.node.get('volumes').items()) declared.add(v.get('name').str());
      // containerSet.volumeMounts are mounted in every container of the set: one path once (ContainerSetTemplate.Validate).
      const setMounts = new Map<string, string>();
      for (const m of t.node.get('containerSet').get('volumeMounts').items()) {
        const p = m.get('mountPath').str();
        if (!p) continue;
        const prev = setMounts.get(p);
        if (prev !== undefined)
          ctx.report(
            m.get('mountPath'),
            `templates.${t.name ?? '?'}.containerSet: mountPath '${p}' is already mounted by volume '${prev}'.`,
          );
        else setMounts.set(p, m.get('name').str() ?? '?');
      }
      for (const type of ['container', 'script'] as const) {
        const c = t.node.get(type);
        if (!c.exists) continue;
        const seen = new Map<string, string>();
        // Argo checks a container's exact paths; a script's, or '/data' against '/data/', Kubernetes rejects when it
        // creates the pod (beyond Argo's validation).
        const exact = new Set<string>();
        const beyond = (p: string) => type === 'script' || !exact.has(p);
        for (const m of c.get('volumeMounts').items()) {
          const p = m.get('mountPath').str();
          if (!p) continue;
          const norm = p.replace(/\/+$/, '');
          if (seen.has(norm))
            ctx.report(
              m.get('mountPath'),
              `templates.${t.name ?? '?'}: mountPath '${p}' is already mounted by volume '${seen.get(norm)}'.`,
              { beyondArgo: beyond(p) },
            );
          else seen.set(norm, m.get('name').str() ?? '?');
          exact.add(p);
        }
        for (const a of t.node.get('inputs').get('artifacts').items()) {
          const p = a.get('path').str();
          if (p && seen.has(p.replace(/\/+$/, ''))) {
            ctx.report(
              a.get('path'),
              `templates.${t.name ?? '?'}: input artifact '${a.get('name').str() ?? '?'}' path '${p}' is already mounted by volume '${seen.get(p.replace(/\/+$/, ''))}'.`,
              { beyondArgo: beyond(p) },
            );
          }
        }
      }
    }
  },
};
