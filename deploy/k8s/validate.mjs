// Validates Kubernetes manifests against the Kubernetes schemas (kubernetes-models) and the CRDs
// Verity uses (KEDA ScaledObject, Prometheus Operator PrometheusRule): each document is built as
// its model and `.validate()`d, not only parsed. A kind without a schema here is an error too.
//   node deploy/k8s/validate.mjs [file.yaml…]   (default: every file in deploy/k8s/manifests/)
// Prints one line per object; exits 1 naming file, kind, name and the failing field.
// An ES module because the model packages are ES modules only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The model module of an apiVersion: core `v1`, `apps/v1`, …, and the two CRD groups. */
function modelModule(apiVersion) {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}`;
  if (apiVersion.startsWith('monitoring.coreos.com/'))
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  return `kubernetes-models/${apiVersion}`;
}

async function validateDocument(doc) {
  const { apiVersion, kind } = doc ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    throw new Error('apiVersion and kind are required');
  let models;
  try {
    models = await import(modelModule(apiVersion));
  } catch {
    throw new Error(`no schema for apiVersion ${apiVersion}`);
  }
  const Model = models[kind];
  if (typeof Model !== 'function') throw new Error(`no schema for ${apiVersion} ${kind}`);
  new Model(doc).validate();
}

/** Every object of the files: { file, kind, name, error? }. */
export async function validateFiles(files) {
  const results = [];
  for (const file of files) {
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    for (const d of docs) {
      if (d.errors.length) {
        results.push({ file, kind: '?', name: '?', error: `YAML: ${d.errors[0].message}` });
        continue;
      }
      const doc = d.toJS();
      if (doc == null) continue; // a comment-only document
      const entry = {
        file: path.basename(file),
        kind: doc.kind ?? '?',
        name: doc.metadata?.name ?? '?',
      };
      try {
        await validateDocument(doc);
        results.push(entry);
      } catch (err) {
        results.push({ ...entry, error: err.message });
      }
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = path.join(here, 'manifests');
  const files = args.length
    ? args
    : fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => path.join(dir, f));
  const results = await validateFiles(files);
  for (const r of results)
    console.log(
      `${r.error ? 'INVALID' : 'valid'} ${r.file} ${r.kind}/${r.name}${r.error ? `: ${r.error}` : ''}`,
    );
  const bad = results.filter((r) => r.error);
  if (bad.length || results.length === 0) {
    console.error(
      bad.length ? `${bad.length} of ${results.length} objects are invalid` : 'no objects found',
    );
    process.exit(1);
  }
}
