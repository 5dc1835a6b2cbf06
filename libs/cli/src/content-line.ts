import { ContentEvent, ContentType, createEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { CliError } from './io';

// One line of a content JSONL file (`verity import`, `verity push`) → a content.v1 event. Kept
// apart from the commands so that reading content does not load the Kafka client.

const LINE_KEYS = new Set(['source_id', 'text', 'tags', 'language', 'metadata']);

/** One JSONL line → a content event; throws CliError naming the line and the fault. */
export function contentEventFromLine(line: string, lineNo: number, source: string): ContentEvent {
  const fail = (why: string): never => {
    throw new CliError(`line ${lineNo}: ${why}`);
  };
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return fail(`not JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('must be a JSON object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!LINE_KEYS.has(k)) fail(`unknown field "${k}"`);
  if (typeof o.source_id !== 'string' || !o.source_id.trim())
    fail('"source_id" must be a non-empty string');
  if (typeof o.text !== 'string' || !o.text.trim()) fail('"text" must be a non-empty string');
  if (
    o.tags !== undefined &&
    (!Array.isArray(o.tags) || !o.tags.every((t) => typeof t === 'string' && t.trim()))
  ) {
    fail('"tags" must be a list of non-empty strings');
  }
  if (
    o.language !== undefined &&
    (typeof o.language !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(o.language))
  ) {
    fail('"language" must be a BCP 47 tag such as "en" or "pt-BR"');
  }
  const meta = o.metadata;
  if (
    meta !== undefined &&
    (typeof meta !== 'object' ||
      meta === null ||
      Array.isArray(meta) ||
      !Object.values(meta).every((x) => typeof x === 'string'))
  ) {
    fail('"metadata" must be an object of strings');
  }
  return createEvent(TOPICS.content, {
    envelope: newEnvelope({ producer: `import:${source}`, projectId: '', spec: TOPICS.content }),
    source,
    sourceId: o.source_id as string,
    contentType: ContentType.TEXT,
    body: { case: 'text', value: o.text as string },
    tags: (o.tags as string[] | undefined) ?? [],
    language: o.language as string | undefined,
    metadata: (meta as Record<string, string> | undefined) ?? {},
  });
}
