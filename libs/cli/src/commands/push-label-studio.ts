import * as path from 'node:path';
import { CommandFailure, EXIT } from '../exit-codes';
import { type Gateway, print, refusal } from '../gateway-command';
import type { Io } from '../io';
import { progress } from '../progress';

/** Tasks per request to the import endpoint (it takes up to 1000; smaller keeps each request short). */
export const LABEL_STUDIO_BATCH_MAX = 200;

interface Applied {
  received: number;
  applied: number;
  parked: number;
  duplicates: number;
}
interface ImportIssue {
  task: number;
  field: string;
  reason: string;
}
/** POST /v1/projects/:projectId/imports/label-studio answers this for each request. */
interface ImportAnswer {
  counts?: Record<string, unknown>;
  errors?: ImportIssue[];
  content?: { published?: number };
  prelabels?: Partial<Applied>;
  answers?: Partial<Applied>;
}

export interface LabelStudioImportTotals {
  file: string;
  projectId: string;
  source: string | null;
  tasks: number;
  requests: number;
  counts: Record<string, number>;
  content: { published: number };
  prelabels: Applied;
  answers: Applied;
  /** `task` is the 0-based index of the task in the file, `field` its path in the file. */
  errors: ImportIssue[];
}

const zero = (): Applied => ({ received: 0, applied: 0, parked: 0, duplicates: 0 });
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function add(into: Applied, part: Partial<Applied> | undefined): void {
  for (const k of ['received', 'applied', 'parked', 'duplicates'] as const) into[k] += num(part?.[k]);
}

/** An issue of one request, renumbered to the task's place in the file. */
function inFile(issue: ImportIssue, offset: number): ImportIssue {
  const task = num(issue.task) + offset;
  const field = typeof issue.field === 'string' ? issue.field.replace(/^tasks\[(\d+)\]/, (_, i: string) => `tasks[${Number(i) + offset}]`) : `tasks[${task}]`;
  return { task, field, reason: String(issue.reason ?? '') };
}

/**
 * Sends Label Studio tasks with their predictions and annotations to the project's import
 * endpoint, `batch` tasks a request, with progress; sums what each request answers. A refused
 * request stops the push with its exit code (the requests before it are applied; the import is
 * idempotent, so running the command again changes nothing twice). Finishes with exit 8 when
 * some tasks or annotations were not imported (each listed with its field and reason).
 */
export async function pushLabelStudio(
  io: Io,
  gateway: Gateway,
  opts: { file: string; projectId: string; tasks: Record<string, unknown>[]; config: string; source?: string; annotators?: Record<string, string>; batch: number; json?: boolean },
): Promise<number> {
  const totals: LabelStudioImportTotals = {
    file: opts.file,
    projectId: opts.projectId,
    source: opts.source ?? null,
    tasks: opts.tasks.length,
    requests: 0,
    counts: {},
    content: { published: 0 },
    prelabels: zero(),
    answers: zero(),
    errors: [],
  };
  const url = `/v1/projects/${encodeURIComponent(opts.projectId)}/imports/label-studio`;
  const bar = progress(io, `import ${path.basename(opts.file)}`, opts.tasks.length, opts.json);
  bar.update(0);
  for (let at = 0; at < opts.tasks.length; at += opts.batch) {
    const chunk = opts.tasks.slice(at, at + opts.batch);
    const body = { tasks: chunk, config: opts.config, ...(opts.source ? { source: opts.source } : {}), ...(opts.annotators ? { annotators: opts.annotators } : {}) };
    const a = await gateway.send('POST', url, { contentType: 'application/json', text: JSON.stringify(body) });
    const answer = a.json as ImportAnswer | undefined;
    if (!a.ok || !answer) {
      bar.end();
      const done = at > 0 ? `tasks 1–${at} were imported; ` : '';
      throw refusal(`tasks ${at + 1}–${at + chunk.length} of ${opts.file} refused (${done}the import is idempotent: run the command again once fixed)`, a, gateway.auth.from);
    }
    totals.requests++;
    for (const [k, v] of Object.entries(answer.counts ?? {})) totals.counts[k] = (totals.counts[k] ?? 0) + num(v);
    totals.content.published += num(answer.content?.published);
    add(totals.prelabels, answer.prelabels);
    add(totals.answers, answer.answers);
    for (const issue of answer.errors ?? []) totals.errors.push(inFile(issue, at));
    bar.update(at + chunk.length);
  }
  bar.end();
  print(io, opts.json, totals, formatImport);
  if (totals.errors.length > 0) throw new CommandFailure(`${totals.errors.length} fault(s) in ${opts.file} were not imported (listed above)`, EXIT.partial);
  return EXIT.ok;
}

export function formatImport(t: LabelStudioImportTotals): string {
  const applied = (x: Applied) => `${x.received} received, ${x.applied} applied, ${x.parked} parked (waiting for their task), ${x.duplicates} already there`;
  const lines = [
    `imported ${t.tasks} Label Studio task${t.tasks === 1 ? '' : 's'} of ${t.file} into project ${t.projectId}${t.source ? ` (source "${t.source}")` : ''} in ${t.requests} request${t.requests === 1 ? '' : 's'}:`,
    `  content    ${t.content.published} published`,
    `  prelabels  ${applied(t.prelabels)}`,
    `  answers    ${applied(t.answers)}`,
  ];
  const counts = Object.entries(t.counts);
  if (counts.length > 0) lines.push(`  read       ${counts.map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ')}`);
  lines.push(`  faults     ${t.errors.length}`);
  for (const e of t.errors) lines.push(`    ${e.field}: ${e.reason}`);
  return `${lines.join('\n')}\n`;
}
