import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readContentFile } from '../content-file';
import { CommandFailure, EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, GATEWAY_OPTIONS_HELP, print, refusal, runCommand } from '../gateway-command';
import { CliError, type Io } from '../io';
import { progress } from '../progress';
import { loadPushState, pushStatePath, savePushState, sha256Of, type PushState } from '../push-state';

export const PUSH_HELP = `usage: verity push FILE --source S [--batch 500] [--restart]

  Offers every record of FILE to the platform (POST /v1/content:batch, a producer API key or an
  admin), a batch at a time, with a progress bar on a terminal and plain lines in a pipe.
  FILE is one of:
    content.jsonl   {"source_id": "…", "text": "…", "tags"?: […], "language"?: "en", "metadata"?: {…}} per line
    content.csv     a header with source_id,text and optional language, tags (separated by |)
    tasks.json      Label Studio tasks: only each task's data is read (its text, or its one string
                    field; the other string fields become metadata); the source id is data.source_id,
                    else the task id
  The whole file is checked first (as \`verity import\` checks it): a bad record or a source id given
  twice stops the push before anything is sent, naming the line.
  Resumable: after each batch the state is written to <config dir>/push/<sha256 of FILE>.json;
  running the same command again after an interruption sends only the rest. Idempotent: the
  platform keeps one item per (source, source id, content), so a record sent twice is one item.
  --restart forgets the state and sends everything again.

  --source S     the upstream source the records come from (content.v1's source)
  --batch N      records per request (1 to 10000, default 500)
  --restart      ignore a previous push of this file
${GATEWAY_OPTIONS_HELP}

${EXIT_CODES_HELP}
`;

interface BatchAnswer {
  accepted: { line: number; eventId: string }[];
  rejected: { line: number; status: number; message: string; errors?: { field: string; reason: string }[] }[];
}

/** `verity push`: returns the exit code. */
export function pushCommand(args: string[], io: Io): Promise<number> {
  return runCommand('push', io, async () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...GATEWAY_OPTIONS, source: { type: 'string' }, batch: { type: 'string', default: '500' }, restart: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout(PUSH_HELP);
      return EXIT.ok;
    }
    const [file, ...extra] = positionals;
    if (!file) throw new CliError(`push needs a file\n\n${PUSH_HELP}`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    const source = values.source?.trim();
    if (!source) throw new CliError('push needs --source (the upstream the records come from)');
    const batch = Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 10000) throw new CliError('--batch must be an integer in [1, 10000]');
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new CliError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const records = readContentFile({ ...io, readFile: () => bytes.toString('utf8') }, file, source);
    const gateway = connectGateway(values, io, 120000);

    const env = io.env ?? process.env;
    const sha256 = sha256Of(bytes);
    const statePath = pushStatePath(env, sha256);
    const fresh: PushState = { file: path.resolve(file), sha256, url: gateway.base, source, total: records.length, done: 0, accepted: 0, rejected: [], finishedAt: null };
    const previous = values.restart ? undefined : loadPushState(statePath);
    const state = previous && previous.url === gateway.base && previous.source === source && previous.total === records.length ? previous : fresh;
    if (state.finishedAt) {
      print(io, values.json, { ...state, statePath, sent: 0 }, () => `${file} was pushed already (${state.accepted} accepted, ${state.rejected.length} refused, ${state.finishedAt}); --restart to push it again\n`);
      return state.rejected.length > 0 ? EXIT.partial : EXIT.ok;
    }
    if (state.done > 0 && !values.json) io.stderr(`resuming ${file} at record ${state.done + 1} of ${state.total} (state: ${statePath})\n`);

    const bar = progress(io, `push ${path.basename(file)}`, state.total, values.json);
    bar.update(state.done);
    let sent = 0;
    while (state.done < records.length) {
      const chunk = records.slice(state.done, state.done + batch);
      const a = await gateway.send('POST', '/v1/content:batch', { contentType: 'application/x-ndjson', text: `${chunk.map((r) => JSON.stringify(r.body)).join('\n')}\n` });
      const answer = a.json as BatchAnswer | undefined;
      // 400 with accepted/rejected: every line of the batch was refused, each with its reason.
      if (!(a.ok || (a.status === 400 && Array.isArray(answer?.rejected))) || !answer) {
        bar.end();
        throw refusal(`batch at record ${state.done + 1} refused (state kept: run the command again to resume)`, a, gateway.auth.from);
      }
      for (const r of answer.rejected) {
        const rec = chunk[r.line - 1];
        const reason = [r.message, ...(r.errors ?? []).map((e) => `${e.field}: ${e.reason}`)].join('; ');
        state.rejected.push({ at: rec?.at ?? -1, sourceId: rec?.body.sourceId ?? '?', reason });
      }
      state.accepted += answer.accepted.length;
      state.done += chunk.length;
      sent += chunk.length;
      savePushState(statePath, state);
      bar.update(state.done);
    }
    bar.end();
    state.finishedAt = new Date().toISOString();
    savePushState(statePath, state);
    print(io, values.json, { ...state, statePath, sent }, (s) => {
      const lines = [`pushed ${s.total} records of ${file} from source "${source}": ${s.accepted} accepted, ${s.rejected.length} refused`];
      for (const r of s.rejected) lines.push(`  ${path.basename(file)}:${r.at} (source id ${r.sourceId}): ${r.reason}`);
      return `${lines.join('\n')}\n`;
    });
    if (state.rejected.length > 0) throw new CommandFailure(`${state.rejected.length} record(s) refused (listed above)`, EXIT.partial);
    return EXIT.ok;
  });
}
