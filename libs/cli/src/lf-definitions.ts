import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { CliError, type Io } from './io';

/** One labeling function of an `lf apply` file: the API's definition, and where it is in the file. */
export interface LfDefinition {
  id: string;
  /** `file:line`, for messages. */
  at: string;
  /** The body sent to the API as it is (prelabel validates every field). */
  definition: Record<string, unknown>;
}

/** An LF as `GET …/labeling-functions` lists it: its latest definition and what the server keeps. */
export interface StoredLf extends Record<string, unknown> {
  id: string;
  version: number;
  kind: string;
  question_id: string;
  retiredAt: string | null;
  versions: number;
  votesAutomatically: boolean;
}

/** The fields the server sets or derives; the rest of a listed LF is its definition. */
const SERVER_FIELDS = [
  'version',
  'owner',
  'createdAt',
  'retiredAt',
  'versions',
  'votesAutomatically',
];

/** The API's LF id (one plain path segment; decision 57). */
export const LF_ID = /^(?!\.\.?$)[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Reads an `lf apply` file, YAML or JSON (JSON is YAML): a list of LF definitions, or a mapping
 * with `labelingFunctions:`. Each must be a mapping with an
 * `id` the API accepts, a `kind` and a `question_id`, ids unique; the other fields are the API's
 * to check. A fault is a usage error naming `file:line`.
 */
export function readLfDefinitions(io: Io, file: string): LfDefinition[] {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new CliError(
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new CliError(
      `${at ? `${file}:${at.line}:${at.col}` : file}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  const lineOf = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return range ? `${file}:${lines.linePos(range[0]).line}` : file;
  };
  let list: unknown = doc.contents;
  if (isMap(list)) {
    const extra = list.items
      .map((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key))
      .filter((k) => k !== 'labelingFunctions');
    if (extra.length > 0)
      throw new CliError(
        `${lineOf(list)}: unexpected key "${extra[0]}" (the file is a list of labeling functions, or labelingFunctions: [ … ])`,
      );
    list = list.get('labelingFunctions', true);
  }
  if (!isSeq(list))
    throw new CliError(
      `${file}: expected a list of labeling functions (or labelingFunctions: [ … ])`,
    );

  const seen = new Map<string, string>();
  return list.items.map((node, i) => {
    const at = lineOf(node);
    const value: unknown = isMap(node) ? node.toJS(doc) : undefined;
    if (typeof value !== 'object' || value === null)
      throw new CliError(
        `${at}: labeling function ${i + 1} must be a mapping (id: …, kind: …, question_id: …)`,
      );
    const definition = value as Record<string, unknown>;
    const { id } = definition;
    if (id === undefined) throw new CliError(`${at}: labeling function ${i + 1} has no "id"`);
    if (typeof id !== 'string' || !LF_ID.test(id)) {
      throw new CliError(
        `${at}: "id" must be 1–128 letters, digits or _.:- (not . or .., no @), not ${JSON.stringify(id)}`,
      );
    }
    for (const field of ['kind', 'question_id']) {
      if (typeof definition[field] !== 'string' || definition[field] === '')
        throw new CliError(`${at}: ${id} has no "${field}"`);
    }
    const first = seen.get(id);
    if (first) throw new CliError(`${at}: id "${id}" is defined twice (first at ${first})`);
    seen.set(id, at);
    return { id, at, definition };
  });
}

/** What `lf apply` does with one definition. */
export type LfAction =
  | { action: 'create'; lf: LfDefinition }
  | { action: 'update'; lf: LfDefinition; current: StoredLf }
  | { action: 'unchanged'; lf: LfDefinition; current: StoredLf };

/**
 * The plan of `lf apply`: an LF the project does not have is created; one whose definition
 * differs (or that is retired) gets a PUT, which the API makes the next version; an equal, active
 * one is left alone. LFs of the project the file does not name are not touched.
 */
export function planApply(definitions: LfDefinition[], stored: StoredLf[]): LfAction[] {
  const byId = new Map(stored.map((s) => [s.id, s]));
  return definitions.map((lf) => {
    const current = byId.get(lf.id);
    if (!current) return { action: 'create', lf };
    const same =
      current.retiredAt === null && canonical(definitionOf(current)) === canonical(lf.definition);
    return { action: same ? 'unchanged' : 'update', lf, current };
  });
}

/** A listed LF without the fields the server sets. */
export function definitionOf(s: StoredLf): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s).filter(([k]) => !SERVER_FIELDS.includes(k)));
}

/** JSON with sorted keys: equal values, equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
