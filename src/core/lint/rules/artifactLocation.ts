import type { Rule } from '../context';
import type { YNode } from '../ynode';

const set = (n: YNode) => n.exists && !n.isNull;
const text = (n: YNode) => set(n) && (n.str() ?? '') !== '';

/**
 * What Argo checks of an artifact location before anything runs: a git repo, the HDFS fields, and no `from` on an
 * input artifact (inputs are given by the caller's arguments).
 */
export const artifactLocation: Rule = {
  id: 'artifact-location',
  severity: 'error',
  description:
    'Input artifacts and archiveLocation: git needs a repo, HDFS needs addresses, an absolute path and a user or Kerberos settings; `from` belongs in arguments, not inputs.',
  check(ctx) {
    const location = (loc: YNode, where: string) => {
      const git = loc.get('git');
      if (set(git) && !text(git.get('repo')))
        ctx.report(git, `${where}.git.repo is required: which repository should Argo clone?`, { at: 'key' });
      const hdfs = loc.get('hdfs');
      if (!set(hdfs)) return;
      const at = `${where}.hdfs`;
      const path = hdfs.get('path');
      const keytab = set(hdfs.get('krbKeytabSecret'));
      const ccache = set(hdfs.get('krbCCacheSecret'));
      const missing = (keys: string[]) =>
        keys.filter((k) => (k === 'krbConfigConfigMap' ? !set(hdfs.get(k)) : !text(hdfs.get(k))));
      if (hdfs.get('addresses').items().length === 0)
        ctx.report(hdfs, `${at}.addresses is required: list the HDFS namenode addresses (host:port).`, { at: 'key' });
      else if (!text(path)) ctx.report(hdfs, `${at}.path is required.`, { at: 'key' });
      else if (!(path.str() ?? '').startsWith('/'))
        ctx.report(path, `${at}.path must be an absolute path (start with /).`);
      else if (!text(hdfs.get('hdfsUser')) && !keytab && !ccache)
        ctx.report(hdfs, `${at}: set hdfsUser, krbCCacheSecret or krbKeytabSecret.`, { at: 'key' });
      else if (keytab && missing(['krbServicePrincipalName', 'krbConfigConfigMap', 'krbUsername', 'krbRealm']).length)
        ctx.report(
          hdfs.get('krbKeytabSecret'),
          `${at}.krbKeytabSecret also needs ${missing(['krbServicePrincipalName', 'krbConfigConfigMap', 'krbUsername', 'krbRealm']).join(', ')}.`,
          { at: 'key' },
        );
      else if (ccache && missing(['krbServicePrincipalName', 'krbConfigConfigMap']).length)
        ctx.report(
          hdfs.get('krbCCacheSecret'),
          `${at}.krbCCacheSecret also needs ${missing(['krbServicePrincipalName', 'krbConfigConfigMap']).join(', ')}.`,
          { at: 'key' },
        );
    };
    for (const t of ctx.templates) {
      const where = `templates.${t.name ?? '?'}`;
      for (const a of t.node.get('inputs').get('artifacts').items()) {
        const name = a.get('name').str() ?? '?';
        const from = a.get('from');
        if (text(from))
          ctx.report(
            from,
            `${where}.inputs.artifacts.${name}.from is not valid in inputs: pass the artifact with \`from\` in the caller's arguments.`,
            { at: 'key' },
          );
        location(a, `${where}.inputs.artifacts.${name}`);
      }
      const archive = t.node.get('archiveLocation');
      if (set(archive)) location(archive, `${where}.archiveLocation`);
    }
  },
};
