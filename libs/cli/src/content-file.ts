import * as path from 'node:path';
import { contentEventFromLine } from './content-line';
import { CliError, type Io } from './io';
import { readTable } from './read-table';

/** One piece of content as POST /v1/content takes it, with where it came from in the file. */
export interface ContentLine {
  /** 1-based line (JSONL, CSV) or task number (Label Studio JSON) in the file. */
  at: number;
  body: { source: string; sourceId: string; contentType: 'text'; text: string; tags: string[]; language?: string; metadata: Record<string, string> };
}

/**
 * Reads content to push, checked the way `verity import` checks it (contentEventFromLine):
 * - `.jsonl`/`.ndjson`: `{"source_id", "text", "tags"?, "language"?, "metadata"?}` per line;
 * - `.csv`: a header with `source_id,text` and optional `language`, `tags` (separated by `|`);
 * - `.json`: Label Studio tasks (`[{"id", "data": {"text", …}}]`): only `data` is content, its
 *   `text` (or its one string field) the text, its other string fields metadata; the source id is
 *   `data.source_id`, else the task id. Predictions and annotations are not read.
 * A bad record, or a source id given twice, stops everything, naming the line.
 */
export function readContentFile(io: Io, file: string, source: string): ContentLine[] {
  const name = path.basename(file);
  const toLine = (o: Record<string, unknown>, at: number, where: string): ContentLine => {
    let e;
    try {
      e = contentEventFromLine(JSON.stringify(o), at, source);
    } catch (err) {
      throw new CliError(`${name}:${(err as Error).message.replace(/^line \d+: /, `${where}: `)}`);
    }
    return {
      at,
      body: { source, sourceId: e.sourceId, contentType: 'text', text: e.body.value as string, tags: e.tags, ...(e.language ? { language: e.language } : {}), metadata: e.metadata },
    };
  };
  let lines: ContentLine[];
  if (/\.json$/i.test(file)) lines = labelStudioTasks(io, file, name).map(({ o, at }) => toLine(o, at, `task ${at}`));
  else if (/\.(jsonl|ndjson)$/i.test(file)) {
    lines = [];
    readText(io, file, name)
      .split(/\r?\n/)
      .forEach((l, k) => {
        if (!l.trim()) return;
        let o: unknown;
        try {
          o = JSON.parse(l);
        } catch (err) {
          throw new CliError(`${name}:${k + 1}: not JSON (${(err as Error).message})`);
        }
        if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new CliError(`${name}:${k + 1}: must be a JSON object`);
        lines.push(toLine(o as Record<string, unknown>, k + 1, String(k + 1)));
      });
  } else if (/\.csv$/i.test(file)) {
    lines = readTable(io, file, ['source_id', 'text'], ['language', 'tags'], 'csv').map((r) => {
      const { tags, language, ...rest } = r.fields;
      const o: Record<string, unknown> = { ...rest };
      if (tags) o.tags = tags.split('|').map((t) => t.trim()).filter(Boolean);
      if (language) o.language = language;
      return toLine(o, r.line, String(r.line));
    });
  } else throw new CliError(`${name}: give a .jsonl, .ndjson, .csv or Label Studio .json file`);
  if (lines.length === 0) throw new CliError(`${name}: no content`);
  const seen = new Map<string, number>();
  for (const l of lines) {
    const first = seen.get(l.body.sourceId);
    if (first !== undefined) throw new CliError(`${name}:${l.at}: source id "${l.body.sourceId}" already given at ${first}; a source id names one piece of content`);
    seen.set(l.body.sourceId, l.at);
  }
  return lines;
}

function readText(io: Io, file: string, name: string): string {
  try {
    const t = io.readFile(file);
    return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
  } catch (e) {
    throw new CliError(`${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function labelStudioTasks(io: Io, file: string, name: string): { o: Record<string, unknown>; at: number }[] {
  let tasks: unknown;
  try {
    tasks = JSON.parse(readText(io, file, name));
  } catch (e) {
    throw new CliError(`${name}: not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(tasks)) throw new CliError(`${name}: a Label Studio export is a JSON array of tasks`);
  return tasks.map((t: unknown, k) => {
    const at = k + 1;
    const data = (t as { data?: unknown } | null)?.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CliError(`${name}: task ${at}: no "data" object`);
    const fields = Object.entries(data as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    const textKey = 'text' in data ? 'text' : fields.length === 1 ? fields[0][0] : undefined;
    if (!textKey) throw new CliError(`${name}: task ${at}: data has no "text" (found: ${Object.keys(data).join(',')})`);
    const id = (data as { source_id?: unknown }).source_id ?? (t as { id?: unknown }).id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new CliError(`${name}: task ${at}: no "id" and no data.source_id`);
    const metadata = Object.fromEntries(fields.filter(([k]) => k !== textKey && k !== 'source_id'));
    return { o: { source_id: String(id), text: (data as Record<string, unknown>)[textKey], metadata }, at };
  });
}
