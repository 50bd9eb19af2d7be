/** RFC 7386 JSON merge patch (also used for strategic merge patches, which the demo treats alike). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** RFC 6902 JSON patch (add, remove, replace, test); throws with a message on a bad operation. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new Error('a JSON patch must be a list of operations');
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    const parts = raw.path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (parts.length === 0) {
      if (raw.op === 'replace' || raw.op === 'add') doc = raw.value;
      continue;
    }
    let parent = doc as Record<string, unknown> | unknown[];
    for (const p of parts.slice(0, -1)) {
      const next = (parent as Record<string, unknown>)[p];
      if (next === undefined || next === null || typeof next !== 'object')
        throw new Error(`path ${raw.path} does not exist`);
      parent = next as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    switch (raw.op) {
      case 'add':
        if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, raw.value);
        else parent[last] = raw.value;
        break;
      case 'replace':
        if (!(last in (parent as object))) throw new Error(`path ${raw.path} does not exist`);
        (parent as Record<string, unknown>)[last] = raw.value;
        break;
      case 'remove':
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case 'test':
        if (JSON.stringify((parent as Record<string, unknown>)[last]) !== JSON.stringify(raw.value))
          throw new Error(`test failed at ${raw.path}`);
        break;
      default:
        throw new Error(`unsupported operation ${raw.op}`);
    }
  }
  return doc;
}
