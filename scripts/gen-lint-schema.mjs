// Generates src/core/lint/schema/fields.json from Argo's JSON schema (../shared/corpus/schema/schema.json, Apache-2.0):
// for every object type reachable from the four Argo kinds, its known fields and each field's type, compactly.
// The lint rules `unknown-field` and `field-type` read it. Run: node scripts/gen-lint-schema.mjs [schema.json]
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = process.argv[2] ?? path.join(root, '..', 'shared', 'corpus', 'schema', 'schema.json');
const defs = JSON.parse(readFileSync(src, 'utf8')).definitions;
const short = (ref) =>
  ref
    .replace('#/definitions/', '')
    .replace(/^io\.argoproj\.workflow\.v1alpha1\./, 'argo.')
    .replace(/^io\.k8s\.api\.core\.v1\./, 'core.')
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\./, 'meta.');

// Types whose wire form is a scalar although the schema says string: accept numbers too.
const SCALARISH = new Set([
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
]);
// Go structs without fields (the schema says only "object"): strict decoding rejects any key inside them.
const EMPTY_STRUCTS = new Set(
  ['NoneStrategy', 'ZipStrategy', 'SuppliedValueFrom', 'RetryNodeAntiAffinity'].map(
    (n) => `io.argoproj.workflow.v1alpha1.${n}`,
  ),
);
const out = {};
const descriptions = {};
const queue = ['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'].map(
  (k) => `io.argoproj.workflow.v1alpha1.${k}`,
);

function typeOf(schema) {
  if (!schema) return 'any';
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    // IntOrString: a string, or a number that must fit an int32 (Go's decoder rejects others).
    if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return 'intstr';
    if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return 'quantity';
    if (SCALARISH.has(name)) return 'scalar';
    const def = defs[name];
    if (!def) return 'any';
    if (def.type && def.type !== 'object') return typeOf(def);
    if (!def.properties && !EMPTY_STRUCTS.has(name)) return 'object';
    if (!out[short(schema.$ref)] && !queue.includes(name)) queue.push(name);
    return short(schema.$ref);
  }
  switch (schema.type) {
    case 'string':
      return schema.enum ? `enum:${schema.enum.join('|')}` : 'string';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `[]${typeOf(schema.items)}`;
    case 'object':
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        return `{}${typeOf(schema.additionalProperties)}`;
      return 'object';
    default:
      return 'any';
  }
}

while (queue.length) {
  const name = queue.shift();
  const key = short(`#/definitions/${name}`);
  if (out[key]) continue;
  const def = defs[name];
  out[key] = {}; // reserve before recursion
  const fields = {};
  for (const [prop, schema] of Object.entries(def.properties ?? {})) {
    fields[prop] = typeOf(schema);
    // Descriptions of Argo's own fields (Kubernetes ones are documented elsewhere), for hovers: first sentence.
    if (key.startsWith('argo.') && schema.description) {
      const first = schema.description.replace(/\s+/g, ' ').match(/^.*?[.!?](?=\s+[A-Z]|$)/)?.[0] ?? schema.description;
      (descriptions[key] ??= {})[prop] = first.trim().slice(0, 240);
    }
  }
  out[key] = fields;
}
// Older Argo versions, as overrides of the newest table: a field the version lacks is null, a field only it has (or
// typed differently) has its type. Only the types reachable above are compared.
const VERSIONS_DIR = path.join(path.dirname(src), 'versions');
const versions = {};
for (const v of ['v3.4', 'v3.5', 'v3.6', 'v3.7', 'v4.0']) {
  const vdefs = JSON.parse(readFileSync(path.join(VERSIONS_DIR, v, 'schema.json'), 'utf8')).definitions;
  const typeIn = (schema) => {
    if (schema?.$ref) {
      const name = schema.$ref.replace('#/definitions/', '');
      if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return 'intstr';
      if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return 'quantity';
      if (SCALARISH.has(name)) return 'scalar';
      const def = vdefs[name];
      if (!def) return 'any';
      if (def.type && def.type !== 'object') return typeIn(def);
      if (!def.properties) return 'object';
      return out[short(schema.$ref)] ? short(schema.$ref) : 'object';
    }
    if (schema?.type === 'array') return `[]${typeIn(schema.items)}`;
    if (schema?.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object')
      return `{}${typeIn(schema.additionalProperties)}`;
    return typeOf(schema);
  };
  const diff = {};
  for (const [key, fields] of Object.entries(out)) {
    const def = vdefs[Object.keys(vdefs).find((n) => short(`#/definitions/${n}`) === key) ?? ''];
    if (!def) continue; // a type the version does not have at all is unreachable there
    const own = def.properties ?? {};
    const d = {};
    for (const f of Object.keys(fields)) if (!(f in own)) d[f] = null;
    for (const [f, schema] of Object.entries(own)) if (!(f in fields)) d[f] = typeIn(schema);
    if (Object.keys(d).length) diff[key] = d;
  }
  versions[v.slice(1)] = diff;
}
writeFileSync(path.join(root, 'src', 'core', 'lint', 'schema', 'versions.json'), JSON.stringify(versions) + '\n');

const descFile = path.join(root, 'src', 'core', 'lint', 'schema', 'descriptions.json');
writeFileSync(descFile, JSON.stringify(descriptions) + '\n');
const file = path.join(root, 'src', 'core', 'lint', 'schema', 'fields.json');
writeFileSync(file, JSON.stringify(out) + '\n');
console.log(
  `gen-lint-schema: ${Object.keys(out).length} types, ${Object.values(out).reduce((n, f) => n + Object.keys(f).length, 0)} fields -> ${path.relative(root, file)}`,
);
