import * as path from 'node:path';
import { InterchangeError, type LabelStudioConfig, ontologyDraftOf, type OntologyDraftBody, parseLabelStudioConfig } from '@verity/interchange';
import { CliError, type Io } from './io';

function readText(io: Io, file: string): string {
  try {
    const t = io.readFile(file);
    return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
  } catch (e) {
    throw new CliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * A Label Studio labeling config (XML): its text, what it parses to, and the ontology draft it
 * makes. A tag with no exact Verity mapping, or XML that does not parse, is a usage error naming
 * the tag (or line) and why.
 */
export function readLabelStudioConfig(io: Io, file: string): { xml: string; config: LabelStudioConfig; draft: OntologyDraftBody } {
  const xml = readText(io, file);
  try {
    const config = parseLabelStudioConfig(xml);
    return { xml, config, draft: ontologyDraftOf(config) };
  } catch (e) {
    if (e instanceof InterchangeError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
}

/** The tasks of a Label Studio JSON export (an array; each task an object). */
export function readLabelStudioTasks(io: Io, file: string): Record<string, unknown>[] {
  const name = path.basename(file);
  let tasks: unknown;
  try {
    tasks = JSON.parse(readText(io, file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${name}: not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(tasks)) throw new CliError(`${name}: a Label Studio export is a JSON array of tasks`);
  tasks.forEach((t, k) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new CliError(`${name}: tasks[${k}] must be an object`);
  });
  return tasks as Record<string, unknown>[];
}

/** Whether any task carries predictions or annotations (labels to import, not only content). */
export function hasLabels(tasks: readonly Record<string, unknown>[]): boolean {
  return tasks.some((t) => (Array.isArray(t.predictions) && t.predictions.length > 0) || (Array.isArray(t.annotations) && t.annotations.length > 0));
}

/** `{ "<LS user id or e-mail>": "<Verity annotator id>" }`, checked: an object of non-empty strings. */
export function readAnnotatorMap(io: Io, file: string): Record<string, string> {
  const name = path.basename(file);
  let map: unknown;
  try {
    map = JSON.parse(readText(io, file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${name}: not JSON (${(e as Error).message})`);
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new CliError(`${name}: must be a JSON object {"<Label Studio user id or e-mail>": "<Verity annotator id>"}`);
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string' || !v.trim() || v.length > 200) throw new CliError(`${name}: "${k}" must map to a Verity annotator id (a non-empty string of at most 200 characters)`);
  }
  return map as Record<string, string>;
}
