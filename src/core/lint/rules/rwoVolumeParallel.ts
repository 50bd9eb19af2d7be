import type { Rule } from '../context';
import { dagTasks, stepGroups } from '../argo';
import { taskDeps } from './dagCycle';
import type { YNode } from '../ynode';

/** A ReadWriteOnce volume attaches to one node: parallel steps on other nodes stay Pending (Multi-Attach error). */
export const rwoVolumeParallel: Rule = {
  id: 'rwo-volume-parallel',
  severity: 'warning',
  description: 'A ReadWriteOnce volume shared by steps that run in parallel makes some of them wait or fail to attach.',
  check(ctx) {
    const rwo = new Set(
      ctx.spec
        .get('volumeClaimTemplates')
        .items()
        .filter((v) =>
          v
            .get('spec')
            .get('accessModes')
            .items()
            .some((m) => m.str() === 'ReadWriteOnce'),
        )
        .map((v) => v.get('metadata').get('name').str()),
    );
    if (rwo.size === 0) return;
    const mounts = (inv: YNode): string[] => {
      const t = ctx.templateByName.get(inv.get('template').str() ?? '');
      if (!t) return [];
      return [...t.get('container').get('volumeMounts').items(), ...t.get('script').get('volumeMounts').items()]
        .map((m) => m.get('name').str() ?? '')
        .filter((n) => rwo.has(n));
    };
    const warn = (inv: YNode, volume: string, other: string) =>
      ctx.report(
        inv.get('name'),
        `'${inv.get('name').str() ?? '?'}' and '${other}' can run at the same time and both mount ReadWriteOnce volume '${volume}': a pod on another node cannot attach it. Use ReadWriteMany or run them one after the other.`,
      );
    for (const t of ctx.templates) {
      for (const group of stepGroups(t.node)) {
        const seen = new Map<string, string>();
        for (const s of group) {
          for (const v of mounts(s)) {
            if (seen.has(v)) warn(s, v, seen.get(v)!);
            else seen.set(v, s.get('name').str() ?? '?');
          }
        }
      }
      const tasks = dagTasks(t.node);
      const byName = new Map(tasks.map((x) => [x.get('name').str() ?? '', x]));
      const ancestors = (x: YNode): Set<string> => {
        const out = new Set<string>();
        const stack = taskDeps(x);
        while (stack.length) {
          const d = stack.pop()!;
          if (out.has(d)) continue;
          out.add(d);
          const dt = byName.get(d);
          if (dt) stack.push(...taskDeps(dt));
        }
        return out;
      };
      for (let i = 0; i < tasks.length; i++) {
        for (let j = 0; j < i; j++) {
          const a = tasks[i]!;
          const b = tasks[j]!;
          const shared = mounts(a).find((v) => mounts(b).includes(v));
          if (!shared) continue;
          const an = a.get('name').str() ?? '';
          const bn = b.get('name').str() ?? '';
          if (!ancestors(a).has(bn) && !ancestors(b).has(an)) warn(a, shared, bn);
        }
      }
    }
  },
};
