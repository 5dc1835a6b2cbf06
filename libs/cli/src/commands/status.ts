import { parseArgs } from 'node:util';
import { CommandFailure, EXIT, EXIT_CODES_HELP } from '../exit-codes';
import { connectGateway, GATEWAY_OPTIONS, GATEWAY_OPTIONS_HELP, print, runCommand, type Gateway } from '../gateway-command';
import { CliError, type Io } from '../io';

export const STATUS_HELP = `usage: verity status PROJECT

  A project at a glance: progress (items in, answer slots open, leased and done, labels out),
  the ETA at the recent answer rate, agreement per question over the last window, and cost per
  label. From the gateway's dashboard (/v1/projects/P/dashboard/progress and /cost) and quality
  (/v1/projects/P/quality) routes: project managers see everything; a part the caller may not
  see, or whose service does not answer, is shown as unavailable with the reason.
${GATEWAY_OPTIONS_HELP}

${EXIT_CODES_HELP}
`;

interface Metric {
  value: number | null;
  reason?: string;
}
interface Progress {
  totals: { itemsIn: number | null; tasks: { open: number; leased: number; done: number; void: number } | null; labelsOut: number | null; answers: number | null };
  queueDepth: number | null;
  etaSeconds: number | null;
  answersPerHour: number | null;
  unavailable: { part: string; reason: string }[];
}
interface Cost {
  currency: string;
  perSource: { source: string; labels: number | null; cost: number | null; costPerLabel: number | null }[];
  total: { labels: number | null; cost: number | null; costPerLabel: number | null };
  unavailable?: { part: string; reason: string }[];
}
interface Quality {
  windowMs: number;
  windows: { from: string; to: string; answers: number; questions: { questionId: string; ontologyVersion: number; answers: number; annotators: number; pairwiseAgreement: Metric; fleissKappa: Metric; krippendorffAlpha: Metric }[] }[];
}

/** A part of the status, or why it is missing. */
type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface Status {
  project: { id: string; name: string; currentOntologyVersion: number | null; archived: boolean };
  progress: Part<Progress>;
  cost: Part<Cost>;
  quality: Part<Quality>;
}

/** `verity status PROJECT`: returns the exit code. */
export function statusCommand(args: string[], io: Io): Promise<number> {
  return runCommand('status', io, async () => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: GATEWAY_OPTIONS });
    if (values.help) {
      io.stdout(STATUS_HELP);
      return EXIT.ok;
    }
    const [projectId, ...extra] = positionals;
    if (!projectId) throw new CliError(`status needs a project id\n\n${STATUS_HELP}`);
    if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
    const gateway = connectGateway(values, io);
    const p = `/v1/projects/${encodeURIComponent(projectId)}`;
    const project = await gateway.call<Status['project']>(`project ${projectId}`, 'GET', p);
    const [progress, cost, quality] = await Promise.all([
      part<Progress>(gateway, 'progress', `${p}/dashboard/progress`),
      part<Cost>(gateway, 'cost', `${p}/dashboard/cost`),
      part<Quality>(gateway, 'agreement', `${p}/quality`),
    ]);
    const status: Status = { project, progress, cost, quality };
    print(io, values.json, status, formatStatus);
    return EXIT.ok;
  });
}

/** One part: a refusal or a failing service makes it unavailable; an unreachable gateway stops. */
async function part<T>(gateway: Gateway, what: string, path: string): Promise<Part<T>> {
  try {
    return { ok: true, value: await gateway.call<T>(what, 'GET', path) };
  } catch (e) {
    if (e instanceof CommandFailure && e.code !== EXIT.unreachable) return { ok: false, reason: e.message.split('\n')[0] };
    throw e;
  }
}

const n = (x: number | null | undefined) => (x === null || x === undefined ? '?' : String(x));
const money = (x: number | null, currency: string) => (x === null ? '?' : `${x.toFixed(x < 1 ? 4 : 2)} ${currency}`);
const metric = (m: Metric) => (m.value === null ? `undefined${m.reason ? ` (${m.reason})` : ''}` : m.value.toFixed(3));

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.round(h / 24)}d`;
}

export function formatStatus(s: Status): string {
  const out = [`project   ${s.project.name} (${s.project.id})${s.project.archived ? ' [archived]' : ''}, ontology version ${n(s.project.currentOntologyVersion)}`];
  if (s.progress.ok) {
    const { totals: t, etaSeconds, answersPerHour, unavailable } = s.progress.value;
    const slots = t.tasks ? t.tasks.open + t.tasks.leased + t.tasks.done : null;
    const pct = t.tasks && slots ? ` (${Math.floor((t.tasks.done / slots) * 100)}% of answer slots done)` : '';
    out.push(`progress  ${n(t.itemsIn)} items in; slots open ${n(t.tasks?.open)}, leased ${n(t.tasks?.leased)}, done ${n(t.tasks?.done)}${pct}; ${n(t.answers)} answers; ${n(t.labelsOut)} labels out`);
    const rate = answersPerHour === null ? 'no recent answers' : `${answersPerHour.toFixed(1)} answers/h`;
    out.push(`eta       ${etaSeconds === null ? 'unknown' : etaSeconds === 0 ? 'done' : formatDuration(etaSeconds)} (${rate})`);
    for (const u of unavailable) out.push(`          ${u.part} unavailable: ${u.reason}`);
  } else out.push(`progress  unavailable: ${s.progress.reason}`);
  if (s.quality.ok) {
    const w = s.quality.value.windows[0];
    if (!w || w.questions.length === 0) out.push('agreement no answers in the last window');
    else {
      out.push(`agreement ${w.from} – ${w.to}, ${w.answers} answers`);
      for (const q of w.questions) {
        out.push(`          ${q.questionId} (v${q.ontologyVersion}): pairwise ${metric(q.pairwiseAgreement)}, Fleiss κ ${metric(q.fleissKappa)}, Krippendorff α ${metric(q.krippendorffAlpha)}; ${q.annotators} annotators`);
      }
    }
  } else out.push(`agreement unavailable: ${s.quality.reason}`);
  if (s.cost.ok) {
    const c = s.cost.value;
    out.push(`cost      ${money(c.total.cost, c.currency)} for ${n(c.total.labels)} labels, ${money(c.total.costPerLabel, c.currency)} per label`);
    for (const x of c.perSource.filter((x) => (x.labels ?? 0) > 0 || (x.cost ?? 0) > 0)) {
      out.push(`          ${x.source}: ${money(x.cost, c.currency)}, ${n(x.labels)} labels`);
    }
  } else out.push(`cost      unavailable: ${s.cost.reason}`);
  return `${out.join('\n')}\n`;
}
