import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readContentFile } from '../content-file';
import { CommandFailure, EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, GATEWAY_OPTIONS_HELP, print, refusal, runCommand } from '../gateway-command';
import { CliError, type Io } from '../io';
import { progress } from '../progress';
import { hasLabels, readAnnotatorMap, readLabelStudioConfig, readLabelStudioTasks } from '../label-studio-files';
import { loadPushState, pushStatePath, savePushState, sha256Of, type PushState } from '../push-state';
import { LABEL_STUDIO_BATCH_MAX, pushLabelStudio } from './push-label-studio';

export const PUSH_HELP = `usage: verity push FILE --source S [--batch 500] [--restart]
       verity push tasks.json --config config.xml --project P [--source S] [--annotators map.json] [--batch 200]

  Offers every record of FILE to the platform (POST /v1/content:batch, a producer API key or an
  admin), a batch at a time, with a progress bar on a terminal and plain lines in a pipe.
  FILE is one of:
    content.jsonl   {"source_id": "…", "text": "…", "tags"?: […], "language"?: "en", "metadata"?: {…}} per line
    content.csv     a header with source_id,text and optional language, tags (separated by |)
    tasks.json      Label Studio tasks with only data: each task's text (or its one string field;
                    the other string fields become metadata); the source id is data.source_id,
                    else the task id
  The whole file is checked first (as \`verity import\` checks it): a bad record or a source id given
  twice stops the push before anything is sent, naming the line.
  Resumable: after each batch the state is written to <config dir>/push/<sha256 of FILE>.json;
  running the same command again after an interruption sends only the rest. Idempotent: the
  platform keeps one item per (source, source id, content), so a record sent twice is one item.
  --restart forgets the state and sends everything again.

  Label Studio tasks with predictions or annotations (or any tasks.json given --config) go to
  the project's import (POST /v1/projects/P/imports/label-studio, a project manager of P or an
  admin), --batch tasks a request (at most 200): data becomes content (source id = task id),
  each prediction the task's prelabel with its model version, each annotation an answer by its
  annotator ("label-studio:<LS user id>" unless --annotators maps them). The config must be the
  project's published ontology (verity ontology publish -f config.xml makes it so); it is
  checked here first (a tag with no Verity mapping: exit 2 naming it) and by the platform.
  Prints what was published, applied and parked (waiting for its task), and every fault with
  its task and field (exit 8 when there are any). Not resumable but idempotent: after an
  interruption run the same command again; nothing is applied twice.

  --source S          the upstream source the records come from (content.v1's source; for
                      Label Studio imports optional, default label-studio)
  --batch N           records per request (1 to 10000, default 500; Label Studio imports 1 to 200,
                      default 200)
  --restart           ignore a previous push of this file
  --config F          the Label Studio labeling config (.xml) of the tasks
  --project P         the project to import Label Studio predictions and annotations into
  --annotators F      JSON {"<LS user id or e-mail>": "<Verity annotator id>"}: answers by these
                      people are theirs, not an external "label-studio:<id>" annotator's
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
      options: {
        ...GATEWAY_OPTIONS,
        source: { type: 'string' },
        batch: { type: 'string' },
        restart: { type: 'boolean' },
        config: { type: 'string' },
        project: { type: 'string' },
        annotators: { type: 'string' },
      },
    });
    if (values.help) {
      io.stdout(PUSH_HELP);
      return EXIT.ok;
    }
    const [file, ...extra] = positionals;
    if (!file) throw new CliError(`push needs a file\n\n${PUSH_HELP}`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    const isJson = /\.json$/i.test(file);
    const lsTasks = isJson ? readLabelStudioTasks(io, file) : undefined;
    if (lsTasks && values.config === undefined) {
      if (hasLabels(lsTasks)) {
        throw new CliError(
          `${path.basename(file)} holds Label Studio predictions or annotations: give --config config.xml (the labeling config) and --project P to import them with the content, or remove them to push only the content`,
        );
      }
    }
    if (values.config !== undefined) {
      if (!isJson) throw new CliError('--config applies to Label Studio tasks (.json) only');
      if (values.restart) throw new CliError('--restart does not apply to a Label Studio import (it is not resumable: run it again; nothing is applied twice)');
      if (!values.project) throw new CliError('a Label Studio import needs --project P (the project whose ontology the config is)');
      const { xml } = readLabelStudioConfig(io, values.config);
      const batch = Number(values.batch ?? LABEL_STUDIO_BATCH_MAX);
      if (!Number.isInteger(batch) || batch < 1 || batch > LABEL_STUDIO_BATCH_MAX) throw new CliError(`--batch must be an integer in [1, ${LABEL_STUDIO_BATCH_MAX}] for a Label Studio import`);
      const tasks = lsTasks!;
      if (tasks.length === 0) throw new CliError(`${path.basename(file)}: no tasks`);
      const annotators = values.annotators !== undefined ? readAnnotatorMap(io, values.annotators) : undefined;
      const source = values.source?.trim() || undefined;
      return pushLabelStudio(io, connectGateway(values, io, 120000), { file, projectId: values.project, tasks, config: xml, source, annotators, batch, json: values.json });
    }
    for (const k of ['project', 'annotators'] as const) {
      if (values[k] !== undefined) throw new CliError(`--${k} applies to a Label Studio import (with --config) only`);
    }
    const source = values.source?.trim();
    if (!source) throw new CliError('push needs --source (the upstream the records come from)');
    const batch = Number(values.batch ?? 500);
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
