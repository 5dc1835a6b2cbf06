import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256Of } from './push-state';

/** One file a release holds, with the sha256 and size its manifest (or the release record) gives. */
export interface ReleaseFile {
  /** The file's name in the release folder (labels.jsonl, labels.parquet, manifest.json). */
  name: string;
  sha256: string;
  size: number;
}

export interface ReleaseRecord {
  releaseId: string;
  name: string;
  projectId: string;
  createdAt: string;
  labelCount: number;
  manifest: { key: string; sha256: string; size: number };
  manifestContent: { files: { key: string; sha256: string; size: number; format: string }[] };
}

const baseName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/** Every file of a release: manifest.json (checked against the release record) and the files it lists. */
export function releaseFiles(r: ReleaseRecord): ReleaseFile[] {
  return [
    { name: baseName(r.manifest.key), sha256: r.manifest.sha256, size: r.manifest.size },
    ...r.manifestContent.files.map((f) => ({ name: baseName(f.key), sha256: f.sha256, size: f.size })),
  ];
}

export type FileCheck = { name: string; ok: true } | { name: string; ok: false; reason: string };

/** Checks one local file against its expected sha256 (and size). */
export function checkFile(dir: string, f: ReleaseFile): FileCheck {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(dir, f.name));
  } catch (e) {
    return { name: f.name, ok: false, reason: `missing (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const actual = sha256Of(bytes);
  if (actual !== f.sha256) return { name: f.name, ok: false, reason: `sha256 ${actual} (${bytes.length} bytes), the manifest says ${f.sha256} (${f.size} bytes)` };
  return { name: f.name, ok: true };
}
