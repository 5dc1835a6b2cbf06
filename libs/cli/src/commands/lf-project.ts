import { parseArgs } from 'node:util';
import type { LfReport, LfStats } from '@verity/label-science';
import { CommandFailure, EXIT } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, print, runCommand, table } from '../gateway-command';
import { CliError, type Io } from '../io';
import {
  LF_ID,
  planApply,
  readLfDefinitions,
  type LfAction,
  type StoredLf,
} from '../lf-definitions';
import { formatReport } from '../lf-report';

/** What a POST or PUT of an LF answers. */
interface SavedLf {
  id: string;
  version: number;
  created: boolean;
  checkedAgainst: 'ontology' | 'task_snapshot' | 'unchecked';
  votesAutomatically: boolean;
  backfill: { items: number; votes: number; failures: string[] } | null;
}

interface Retired {
  projectId: string;
  id: string;
  retiredVersions: number;
  alreadyRetired: boolean;
}

/** The question's label model as the API summarises it (weak supervision; prelabel's LabelModelSummary). */
interface LabelModelView {
  version: number;
  current: boolean;
  lfs: string[];
  threshold: number | null;
  targetPrecision: number | null;
  calibrationPairs: number;
  weakLabels: number;
  coverage: number;
  aboveThreshold: number;
  accuracy: LfStats['accuracy'];
}

/** The API's analysis of one question: label-science's report, each version marked latest or retired, and the label model. */
interface QuestionAnalysis extends LfReport {
  questionId: string;
  lfs: (LfStats & { latest: boolean; retired: boolean })[];
  labelModel?: LabelModelView | null;
}

/** One line of `lf apply`'s outcome. */
interface Applied {
  id: string;
  action: 'created' | 'updated' | 'unchanged' | 'refused';
  version?: number;
  checkedAgainst?: SavedLf['checkedAgainst'];
  votesAutomatically?: boolean;
  backfill?: SavedLf['backfill'];
  error?: string;
}

const USES: Record<string, string> = {
  list: 'lf list PROJECT',
  apply: 'lf apply PROJECT -f lfs.yaml',
  retire: 'lf retire PROJECT LF_ID',
  analyze: 'lf analyze PROJECT [--question Q]',
};

/** `verity lf list | apply | retire | analyze PROJECT`: a project's LFs through the gateway; returns the exit code. */
export function lfProjectCommand(
  sub: 'list' | 'apply' | 'retire' | 'analyze',
  args: string[],
  io: Io,
  help: string,
): Promise<number> {
  return runCommand('lf', io, async () => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...GATEWAY_OPTIONS,
        file: { type: 'string', short: 'f' },
        question: { type: 'string' },
        gold: { type: 'string' },
        items: { type: 'string' },
        bucket: { type: 'string' },
      },
    });
    if (values.help) {
      io.stdout(help);
      return EXIT.ok;
    }
    const [projectId, lfId, ...extra] = positionals;
    if (!projectId)
      throw new CliError(
        sub === 'analyze'
          ? 'lf analyze needs a project id (PROJECT [--question Q]), or --votes votes.csv for files'
          : `${USES[sub]}: needs a project id`,
      );
    if (sub === 'retire') {
      if (!lfId) throw new CliError('lf retire needs the LF id: lf retire PROJECT LF_ID');
      if (!LF_ID.test(lfId))
        throw new CliError(`"${lfId}" is not an LF id (1–128 letters, digits or _.:-)`);
    }
    const unexpected = sub === 'retire' ? extra[0] : lfId;
    if (unexpected !== undefined)
      throw new CliError(`unexpected argument "${unexpected}" (${USES[sub]})`);
    for (const k of ['gold', 'items', 'bucket'] as const) {
      if (values[k] !== undefined)
        throw new CliError(
          `--${k} applies to files (lf analyze --votes votes.csv), not to a project`,
        );
    }
    if (values.file !== undefined && sub !== 'apply')
      throw new CliError(`-f/--file does not apply to "lf ${sub}"`);
    if (values.question !== undefined && sub !== 'analyze')
      throw new CliError(`--question does not apply to "lf ${sub}"`);
    if (sub === 'apply' && !values.file) throw new CliError('lf apply needs -f lfs.yaml');
    // The file is read and checked before anything is sent.
    const definitions = sub === 'apply' ? readLfDefinitions(io, values.file!) : [];

    const gateway = connectGateway(values, io, 300000);
    const base = `/v1/projects/${encodeURIComponent(projectId)}/prelabel/labeling-functions`;
    const listed = async () =>
      (
        await gateway.call<{ labelingFunctions: StoredLf[] }>(
          'listing the labeling functions',
          'GET',
          base,
        )
      ).labelingFunctions;

    if (sub === 'list') {
      const labelingFunctions = await listed();
      print(io, values.json, { projectId, labelingFunctions }, (x) =>
        formatLfs(x.labelingFunctions),
      );
      return EXIT.ok;
    }
    if (sub === 'retire') {
      const r = await gateway.call<Retired>(
        `retiring ${lfId}`,
        'DELETE',
        `${base}/${encodeURIComponent(lfId)}`,
      );
      print(io, values.json, r, (x) =>
        x.alreadyRetired
          ? `labeling function ${x.id} was already retired\n`
          : `retired labeling function ${x.id} (${x.retiredVersions} version${x.retiredVersions === 1 ? '' : 's'}; its votes stay)\n`,
      );
      return EXIT.ok;
    }
    if (sub === 'analyze') {
      const q =
        values.question === undefined ? '' : `?questionId=${encodeURIComponent(values.question)}`;
      const r = await gateway.call<{ projectId: string; questions: QuestionAnalysis[] }>(
        'analysing the labeling functions',
        'GET',
        `${base}/analysis${q}`,
      );
      print(io, values.json, r, (x) => formatAnalysis(x.questions, values.question));
      return EXIT.ok;
    }

    const results: Applied[] = [];
    const failures: CommandFailure[] = [];
    for (const step of planApply(definitions, await listed())) {
      const result = await applyOne(
        step,
        (what, method, path, body) => gateway.call<SavedLf>(what, method, path, body),
        base,
      );
      if (result instanceof CommandFailure) {
        failures.push(result);
        results.push({ id: step.lf.id, action: 'refused', error: result.message });
      } else results.push(result);
    }
    print(io, values.json, { projectId, file: values.file, results }, (x) =>
      x.results
        .filter((r) => r.action !== 'refused')
        .map(formatApplied)
        .join(''),
    );
    const count = (a: Applied['action']) => results.filter((r) => r.action === a).length;
    const summary = `${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('refused')} refused`;
    if (failures.length > 0)
      throw new CommandFailure(
        `${failures.map((f) => f.message).join('\n')}\n${values.file}: ${summary}`,
        failures[0].code,
      );
    if (!values.json) io.stdout(`${values.file}: ${summary}\n`);
    return EXIT.ok;
  });
}

type Call = (what: string, method: string, path: string, body: unknown) => Promise<SavedLf>;

/** Saves one LF; a refusal of the LF itself (invalid, not found, a 5xx) is returned so the others go on. */
async function applyOne(
  step: LfAction,
  call: Call,
  base: string,
): Promise<Applied | CommandFailure> {
  const { lf } = step;
  if (step.action === 'unchanged')
    return {
      id: lf.id,
      action: 'unchanged',
      version: step.current.version,
      votesAutomatically: step.current.votesAutomatically,
    };
  try {
    const saved =
      step.action === 'create'
        ? await call(`${lf.at}: ${lf.id} refused`, 'POST', base, lf.definition)
        : await call(
            `${lf.at}: ${lf.id} refused`,
            'PUT',
            `${base}/${encodeURIComponent(lf.id)}`,
            lf.definition,
          );
    const action = step.action === 'create' ? 'created' : saved.created ? 'updated' : 'unchanged';
    return {
      id: lf.id,
      action,
      version: saved.version,
      checkedAgainst: saved.checkedAgainst,
      votesAutomatically: saved.votesAutomatically,
      backfill: saved.backfill,
    };
  } catch (e) {
    if (
      e instanceof CommandFailure &&
      (e.code === EXIT.invalid || e.code === EXIT.notFound || e.code === EXIT.failed)
    )
      return e;
    throw e;
  }
}

/** One line per LF saved or left alone. */
export function formatApplied(r: Applied): string {
  const notes: string[] = [];
  if (r.backfill)
    notes.push(
      `ran on ${r.backfill.items} item${r.backfill.items === 1 ? '' : 's'}: ${r.backfill.votes} vote${r.backfill.votes === 1 ? '' : 's'}${r.backfill.failures.length > 0 ? `, ${r.backfill.failures.length} chunks failed (${r.backfill.failures.join('; ')})` : ''}`,
    );
  if (r.checkedAgainst === 'unchecked')
    notes.push(
      'question and option unchecked: the project has no ontology or task of the question yet',
    );
  if (r.votesAutomatically === false && r.action !== 'unchanged')
    notes.push('stored; it does not vote here: prelabel has no LLM endpoint');
  return `${r.action.padEnd(9)}  ${r.id}@${r.version}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}\n`;
}

/** `lf list`: one row per LF, its latest version. */
export function formatLfs(lfs: StoredLf[]): string {
  if (lfs.length === 0) return 'no labeling functions\n';
  const rows = [['id', 'version', 'kind', 'question', 'votes', 'state']];
  for (const s of lfs) {
    const votes =
      typeof s.votes === 'string'
        ? s.votes
        : s.mapping && typeof s.mapping === 'object'
          ? [...new Set(Object.values(s.mapping as Record<string, string>))].sort().join('|')
          : '-';
    const state =
      s.retiredAt !== null
        ? `retired ${s.retiredAt}`
        : s.votesAutomatically
          ? 'active'
          : 'active (stored; no LLM endpoint to vote with)';
    rows.push([s.id, String(s.version), s.kind, s.question_id, votes, state]);
  }
  return table(rows);
}

/** `lf analyze PROJECT`: the file mode's report per question; versions not in the active set are marked. */
/** Two lines on the label model: what it was fitted on and makes of the items, and its threshold. */
function formatLabelModel(m: LabelModelView): string {
  const f = (x: number) => x.toFixed(3);
  const right = m.accuracy.defined
    ? `right ${f(m.accuracy.value.estimate)} [${f(m.accuracy.value.low)}, ${f(m.accuracy.value.high)}] of ${m.accuracy.value.trials} decided`
    : 'none decided yet';
  const state = m.current ? `fitted on the ${m.lfs.length} active LFs` : `fitted on ${m.lfs.length} LFs that are no longer the active set: unused until refitted`;
  const threshold =
    m.targetPrecision === null
      ? 'no target precision: weak labels are drafts for people'
      : m.threshold === null
        ? `no threshold for target precision ${f(m.targetPrecision)} yet (${m.calibrationPairs} labeled items): weak labels are drafts for people`
        : `auto-accepts from calibrated confidence ${f(m.threshold)} (target precision ${f(m.targetPrecision)}, set on ${m.calibrationPairs} labeled items): ${m.aboveThreshold} weak labels clear it`;
  return `label model v${m.version} (${state}): weak labels on ${m.weakLabels} items (${f(m.coverage)}), ${right}\n${threshold}\n`;
}

export function formatAnalysis(
  questions: QuestionAnalysis[],
  questionId: string | undefined,
): string {
  if (questions.length === 0)
    return `no labeling functions or votes${questionId === undefined ? '' : ` for question ${questionId}`}\n`;
  return questions
    .map((q) => {
      const lfs = q.lfs.map((s) => ({
        ...s,
        lf: `${s.lf}${s.retired ? ' (retired)' : s.latest ? '' : ' (superseded)'}`,
      }));
      const lm = q.labelModel ? formatLabelModel(q.labelModel) : '';
      return `question ${q.questionId} (accuracy against its decided labels)\n${formatReport({ lfs, totals: q.totals }, true)}${lm}`;
    })
    .join('\n');
}
