import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CommandFailure, EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, GATEWAY_OPTIONS_HELP, print, runCommand, table } from '../gateway-command';
import { CliError, type Io } from '../io';
import { progress } from '../progress';
import { sha256Of } from '../push-state';
import { checkFile, releaseFiles, type FileCheck, type ReleaseRecord } from '../release-files';

export const RELEASE_HELP = `usage: verity release create PROJECT [--name N] [--parent RELEASE] [--question Q]… [--since T] [--until T]
       verity release list PROJECT [--limit N]
       verity release download PROJECT RELEASE [--dir D]
       verity release download PROJECT RELEASE --format label-studio [-o FILE]
       verity release verify PROJECT RELEASE [--dir D] [--remote]

  create     writes an immutable dataset release (POST /v1/projects/P/releases) and prints its id
  list       the project's releases, newest first
  download   every file of the release (manifest.json, labels.jsonl, labels.parquet) into D (default
             ./RELEASE), each checked against the sha256 of the manifest as it arrives; a mismatch
             stops with exit 7 naming the file (the bad file is kept as NAME.mismatch).
             --format label-studio writes the release as Label Studio tasks JSON instead (one task
             per item with its masked text; the final labels as the "verity:consensus" annotation,
             each annotator's answers as their annotation, machine answers as predictions) to
             FILE (default ./RELEASE-label-studio.json; -o - writes it to stdout)
  verify     checks the files in D against the release's manifest (the one the gateway holds);
             exit 7 naming every file that is missing or differs. --remote asks the platform to
             re-read the release from S3 and check every sha256 there instead
${GATEWAY_OPTIONS_HELP}

${EXIT_CODES_HELP}
`;

interface ReleaseSummary {
  releaseId: string;
  name: string;
  createdAt: string;
  labelCount: number;
  parentReleaseId: string | null;
  erasedItemCount: number;
}
interface RemoteVerify {
  ok: boolean;
  files: { key: string; ok: boolean; expectedSha256: string; actualSha256: string | null; error?: string }[];
}

/** `verity release …`: returns the exit code. */
export function releaseCommand(args: string[], io: Io): Promise<number> {
  return runCommand('release', io, async () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...GATEWAY_OPTIONS,
        name: { type: 'string' },
        parent: { type: 'string' },
        question: { type: 'string', multiple: true },
        since: { type: 'string' },
        until: { type: 'string' },
        limit: { type: 'string' },
        dir: { type: 'string' },
        remote: { type: 'boolean' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
      },
    });
    const [sub, projectId, releaseId, ...extra] = positionals;
    if (values.help || sub === 'help') {
      io.stdout(RELEASE_HELP);
      return EXIT.ok;
    }
    if (!sub) throw new CliError(`release needs a subcommand\n\n${RELEASE_HELP}`);
    if (!['create', 'list', 'download', 'verify'].includes(sub)) throw new CliError(`unknown release subcommand "${sub}"\n\n${RELEASE_HELP}`);
    if (!projectId) throw new CliError(`release ${sub} needs a project id`);
    const needsRelease = sub === 'download' || sub === 'verify';
    if (needsRelease && !releaseId) throw new CliError(`release ${sub} needs a release id`);
    const unexpected = needsRelease ? extra[0] : releaseId;
    if (unexpected !== undefined) throw new CliError(`unexpected argument "${unexpected}"`);
    const allowed: Record<string, string[]> = { create: ['name', 'parent', 'question', 'since', 'until'], list: ['limit'], download: ['dir', 'format', 'output'], verify: ['dir', 'remote'] };
    for (const k of ['name', 'parent', 'question', 'since', 'until', 'limit', 'dir', 'remote', 'format', 'output'] as const) {
      if (values[k] !== undefined && !allowed[sub].includes(k)) throw new CliError(`--${k} does not apply to "release ${sub}"`);
    }
    const format = values.format ?? 'files';
    if (!['files', 'label-studio'].includes(format)) throw new CliError(`--format must be files or label-studio (got "${format}")`);
    if (format === 'label-studio' && values.dir !== undefined) throw new CliError('--dir does not apply to --format label-studio (use -o FILE)');
    if (format === 'files' && values.output !== undefined) throw new CliError('-o applies to --format label-studio only (the files go into --dir)');
    if (values.output === '-' && values.json) throw new CliError('-o - writes the tasks to stdout: it cannot be combined with --json');
    const gateway = connectGateway(values, io, 300000);
    const base = `/v1/projects/${encodeURIComponent(projectId)}/releases`;

    if (sub === 'create') {
      const selection = {
        ...(values.question ? { questionIds: values.question } : {}),
        ...(values.since ? { since: values.since } : {}),
        ...(values.until ? { until: values.until } : {}),
      };
      const body = { ...(values.name ? { name: values.name } : {}), ...(values.parent ? { parentReleaseId: values.parent } : {}), selection };
      const r = await gateway.call<{ releaseId: string; label_count: number; location: string }>('release refused', 'POST', base, body);
      print(io, values.json, r, (x) => `created release ${x.releaseId}: ${x.label_count} labels at ${x.location}\n`);
      return EXIT.ok;
    }
    if (sub === 'list') {
      if (values.limit !== undefined && !/^\d+$/.test(values.limit)) throw new CliError('--limit must be a positive integer');
      const q = values.limit ? `?limit=${values.limit}` : '';
      const r = await gateway.call<{ releases: ReleaseSummary[] }>('listing releases', 'GET', `${base}${q}`);
      print(io, values.json, r, (x) => formatReleases(x.releases));
      return EXIT.ok;
    }

    const path1 = `${base}/${encodeURIComponent(releaseId!)}`;
    if (sub === 'verify' && values.remote) {
      const v = await gateway.call<RemoteVerify>('verifying', 'POST', `${path1}/verify`);
      print(io, values.json, v, (x) => x.files.map((f) => `${f.ok ? 'ok      ' : 'MISMATCH'}  ${f.key}${f.ok ? '' : `  ${f.error ?? `sha256 ${f.actualSha256 ?? 'missing'}, expected ${f.expectedSha256}`}`}`).join('\n') + '\n');
      if (!v.ok) throw new CommandFailure(`release ${releaseId} does not match its manifest in storage: ${v.files.filter((f) => !f.ok).map((f) => f.key).join(', ')}`, EXIT.mismatch);
      return EXIT.ok;
    }
    if (sub === 'download' && format === 'label-studio') {
      const bytes = await gateway.download(`release ${releaseId} as Label Studio tasks`, `${path1}/label-studio`);
      let tasks: unknown;
      try {
        tasks = JSON.parse(bytes.toString('utf8'));
      } catch (e) {
        throw new CommandFailure(`release ${releaseId}: the Label Studio tasks did not arrive whole (${(e as Error).message}); nothing written`, EXIT.failed);
      }
      const count = Array.isArray(tasks) ? tasks.length : 0;
      if (values.output === '-') {
        io.stdout(bytes.toString('utf8'));
        return EXIT.ok;
      }
      const out = path.resolve(values.output ?? `${releaseId}-label-studio.json`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, bytes);
      print(io, values.json, { releaseId, format: 'label-studio', file: out, tasks: count, size: bytes.length, sha256: sha256Of(bytes) }, (x) => `wrote release ${releaseId} as ${x.tasks} Label Studio task${x.tasks === 1 ? '' : 's'} to ${x.file} (${x.size} bytes)\n`);
      return EXIT.ok;
    }
    const record = await gateway.call<ReleaseRecord>(`release ${releaseId}`, 'GET', path1);
    const files = releaseFiles(record);
    const dir = path.resolve(values.dir ?? releaseId!);

    if (sub === 'download') {
      fs.mkdirSync(dir, { recursive: true });
      const bar = progress(io, `download ${releaseId}`, files.length, values.json);
      bar.update(0);
      const written: { name: string; sha256: string; size: number }[] = [];
      for (const f of files) {
        const bytes = await gateway.download(`downloading ${f.name}`, `${path1}/files/${encodeURIComponent(f.name)}`);
        const actual = sha256Of(bytes);
        if (actual !== f.sha256) {
          fs.writeFileSync(path.join(dir, `${f.name}.mismatch`), bytes);
          bar.end();
          throw new CommandFailure(`${f.name}: sha256 ${actual} (${bytes.length} bytes), the manifest says ${f.sha256} (${f.size} bytes); kept as ${path.join(dir, `${f.name}.mismatch`)}`, EXIT.mismatch);
        }
        fs.writeFileSync(path.join(dir, f.name), bytes);
        written.push({ name: f.name, sha256: actual, size: bytes.length });
        bar.update(written.length);
      }
      bar.end();
      print(io, values.json, { releaseId, dir, files: written }, (x) => `downloaded ${x.files.length} files of release ${releaseId} into ${x.dir}, every sha256 checked:\n${x.files.map((f) => `  ${f.name}  ${f.size} bytes  ${f.sha256}`).join('\n')}\n`);
      return EXIT.ok;
    }

    const checks: FileCheck[] = files.map((f) => checkFile(dir, f));
    print(io, values.json, { releaseId, dir, ok: checks.every((c) => c.ok), files: checks }, (x) =>
      x.files.map((c) => (c.ok ? `ok        ${c.name}` : `MISMATCH  ${c.name}: ${c.reason}`)).join('\n') + '\n',
    );
    const bad = checks.filter((c) => !c.ok);
    if (bad.length > 0) throw new CommandFailure(`${bad.map((c) => path.join(dir, c.name)).join(', ')} ${bad.length === 1 ? 'does' : 'do'} not match the manifest of release ${releaseId}`, EXIT.mismatch);
    return EXIT.ok;
  });
}

export function formatReleases(rs: ReleaseSummary[]): string {
  if (rs.length === 0) return 'no releases\n';
  const rows = [['release', 'created', 'labels', 'name', 'parent']];
  for (const r of rs) rows.push([r.releaseId, r.createdAt, String(r.labelCount), r.name, r.parentReleaseId ?? '-']);
  return table(rows);
}
