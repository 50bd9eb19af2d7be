// Reading Argo's timestamps in bulk: a workflow of 10,000 nodes holds 20,000 of them but only a few thousand
// distinct ones (to the second), and Date.parse is the slow part of laying out or walking its nodes.

/** A parser of ISO 8601 times to milliseconds (undefined when not a time) that remembers what it parsed. */
export function timeParser(): (s: unknown) => number | undefined {
  const known = new Map<string, number | undefined>();
  return (s) => {
    if (typeof s !== 'string') return undefined;
    if (known.has(s)) return known.get(s);
    const v = Date.parse(s);
    const ms = Number.isFinite(v) ? v : undefined;
    known.set(s, ms);
    return ms;
  };
}
