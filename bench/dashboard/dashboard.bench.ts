import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { signJwt, signServiceToken } from '@verity/auth';
import { stackEnv } from '@verity/testing';
import { machineLine } from '../support/machine';

// The project dashboards (issue #11) at scale: a project of 1,000,000 tasks (3 answer slots each),
// then GET …/dashboard/progress and …/dashboard/cost timed through the gateway, with gateway,
// ingestion, assignment, export and prelabel running as real processes on the local stack.
//
// The data is written by BULK SQL straight into the services' own tables (one INSERT … SELECT
// generate_series per table), not through Kafka and the HTTP APIs: 1,000,000 tasks through the
// pipeline would take hours on this machine (bench/README.md "pipeline"). The services' counter
// triggers run on these inserts as on any other, so the dashboards read what they would read
// after the real traffic. Everything lives under one fresh project id (also written directly to
// the gateway's and assignment's project tables, never announced on projects.v1) and is deleted
// at the end, counters included.
//
//   node scripts/run-ts.cjs bench/dashboard/dashboard.bench.ts [--tasks 1000000] [--runs 7]
// (PATH=node_modules/.bin:$PATH first: the services are started on the same Node.)
//
// Shape of the project: items in = tasks; 30 % of tasks done (3 answers each), 5 % with one slot
// leased, 1 % with one slot void, the rest open; a label for every done task (75 % human, 10 %
// local model, 10 % LLM, 5 % expert verdicts); one LLM usage row per task (prelabel's token
// accounting); activity spread over the last 30 days.

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../scripts/stack-env.cjs').loadStackEnv();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../../scripts/services.cjs'));

const { values: args } = parseArgs({ options: { tasks: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '7' } } });
const TASKS = Number(args.tasks);
const RUNS = Number(args.runs);
const PROJECT = `bench-dashboard-${Date.now().toString(36)}`;
const MINUTES = 30 * 24 * 60;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (x: number) => `${x.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(db: Client, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const t0 = process.hrtime.bigint();
  const r = await db.query(sql, params);
  console.log(`  ${label.padEnd(44)} ${fmt(ms(t0)).padStart(9)}  (${r.rowCount ?? 0} rows)`);
}

async function fill(db: Client): Promise<void> {
  const p = PROJECT;
  const done = Math.floor(TASKS * 0.3);
  const leased = Math.floor(TASKS * 0.05);
  const voided = Math.floor(TASKS * 0.01);
  console.log(`filling project ${p}: ${TASKS.toLocaleString('en')} tasks (bulk SQL into the services' tables)`);
  const spread = (g: string) => `now() - ((${g} % ${MINUTES}) * interval '1 minute')`;

  await timed(db, 'gateway.projects (the project)', `INSERT INTO gateway.projects (id, name, content_types, filter, policy, created_by)
    VALUES ($1, $1, '{text}', '{"sources":[],"contentTypes":[],"tagsAny":[],"languages":[]}',
      '{"costs":{"humanPerAnswer":0.05,"humanPerHour":12,"expertPerVerdict":1,"expertPerHour":60}}', 'bench')`, [p]);
  await timed(db, 'assignment.projects (its copy)', `INSERT INTO assignment.projects (project_id, revision, answers_per_task, honeypot_rate, lease_seconds, event_id)
    VALUES ($1, 1, 3, 0, 600, 'bench')`, [p]);
  await timed(db, 'ingestion.items', `INSERT INTO ingestion.items (item_id, source, source_id, content_type, content_sha256, content_event_id, matched_project_ids, created_at)
    SELECT $1 || '-i' || g, 'bench', $1 || '-' || g, 1, md5(g::text) || md5(g::text), 'bench', ARRAY[$1], ${spread('g')}
    FROM generate_series(1, $2::int) g`, [p, TASKS]);
  await timed(db, 'ingestion.item_projects', `INSERT INTO ingestion.item_projects (project_id, item_id, matched_at)
    SELECT $1, $1 || '-i' || g, ${spread('g')} FROM generate_series(1, $2::int) g`, [p, TASKS]);
  await timed(db, 'assignment.tasks', `INSERT INTO assignment.tasks (task_id, project_id, kind, item_id, question_id, ontology_version, question,
      content_type, masked_text, answers_required, source_event_id, correlation_id, received_at, completed_at)
    SELECT $1 || '-t' || g, $1, 'real', $1 || '-i' || g, 'q1', 1, '{"questionId":"q1","kind":"QUESTION_KIND_SINGLE_CHOICE"}', 1,
      'bench text ' || g, 3, 'bench', 'bench', ${spread('g')}, CASE WHEN g <= $3 THEN now() END
    FROM generate_series(1, $2::int) g`, [p, TASKS, done]);
  await timed(db, 'assignment.slots', `INSERT INTO assignment.slots (task_id, slot_no, project_id, state, lease_id, annotator_id, expires_at)
    SELECT $1 || '-t' || g, n, $1,
      CASE WHEN g <= $2 THEN 'done' WHEN g <= $3 AND n = 1 THEN 'leased' WHEN g > $3 AND g <= $4 AND n = 3 THEN 'void' ELSE 'open' END,
      CASE WHEN g <= $2 OR (g <= $3 AND n = 1) THEN $1 || '-l' || g || '-' || n END,
      CASE WHEN g <= $2 OR (g <= $3 AND n = 1) THEN 'bench-u' || ((g + n) % 100) END,
      CASE WHEN g > $2 AND g <= $3 AND n = 1 THEN now() + interval '1 day' END
    FROM generate_series(1, $5::int) g, generate_series(1, 3) n`, [p, done, done + leased, done + leased + voided, TASKS]);
  await timed(db, 'assignment.assignments (done + leased)', `INSERT INTO assignment.assignments (lease_id, task_id, slot_no, project_id, item_id, question_id,
      annotator_id, state, leased_at, expires_at, ended_at)
    SELECT $1 || '-l' || g || '-' || n, $1 || '-t' || g, n, $1, $1 || '-i' || g, 'q1', 'bench-u' || ((g + n) % 100),
      CASE WHEN g <= $2 THEN 'submitted' ELSE 'leased' END, ${spread('g')}, now() + interval '1 day', CASE WHEN g <= $2 THEN ${spread('g')} END
    FROM generate_series(1, $3::int) g, generate_series(1, 3) n WHERE g <= $2 OR n = 1`, [p, done, done + leased]);
  await timed(db, 'assignment.answers', `INSERT INTO assignment.answers (annotation_id, lease_id, task_id, project_id, item_id, question_id, ontology_version,
      annotator_id, answer, time_spent_ms, assigned_at, submitted_at, draft_shown, honeypot, event_id)
    SELECT $1 || '-a' || g || '-' || n, $1 || '-l' || g || '-' || n, $1 || '-t' || g, $1, $1 || '-i' || g, 'q1', 1, 'bench-u' || ((g + n) % 100),
      '{"choice":{"optionIds":["yes"]}}', 20000 + (g * 7 + n) % 40000, ${spread('g')}, ${spread('g')}, false, false, 'bench'
    FROM generate_series(1, $2::int) g, generate_series(1, 3) n`, [p, done]);
  const human = `jsonb_build_object('aggregation', jsonb_build_object('method', 'AGGREGATION_METHOD_DAWID_SKENE'), 'answers', jsonb_build_array(
      jsonb_build_object('source', 'ANSWER_SOURCE_HUMAN', 'annotatorId', 'bench-u1', 'timeSpentMs', '21000'),
      jsonb_build_object('source', 'ANSWER_SOURCE_HUMAN', 'annotatorId', 'bench-u2', 'timeSpentMs', '23000'),
      jsonb_build_object('source', 'ANSWER_SOURCE_HUMAN', 'annotatorId', 'bench-u3', 'timeSpentMs', '25000')), 'taskId', $1 || '-t' || g)`;
  const machine = (backend: string) => `jsonb_build_object('aggregation', jsonb_build_object('method', 'AGGREGATION_METHOD_MACHINE_AUTO_ACCEPT',
      'parameters', jsonb_build_object('backend', '${backend}')), 'answers', jsonb_build_array(jsonb_build_object('source', 'ANSWER_SOURCE_MACHINE',
      'model', jsonb_build_object('backend', 'MODEL_BACKEND_${backend}', 'modelId', 'bench-${backend.toLowerCase()}'))), 'taskId', $1 || '-t' || g)`;
  const expert = `jsonb_build_object('aggregation', jsonb_build_object('method', 'AGGREGATION_METHOD_ADJUDICATION'), 'verdict', jsonb_build_object('requestId', $1 || '-r' || g),
      'answers', jsonb_build_array(jsonb_build_object('source', 'ANSWER_SOURCE_EXPERT', 'annotatorId', 'bench-expert', 'timeSpentMs', '300000')), 'taskId', $1 || '-t' || g)`;
  await timed(db, 'export.label_versions (done tasks)', `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label,
      confidence, ontology_version, adjudicated, gold, content_digest, provenance, label_event_id, label_event, release_row, decision_event_id,
      decision_id, content_event_id, correlation_id, decided_at, created_at)
    SELECT $1 || '-i' || g, 'q1', 1, $1, 1, 'yes', '{"yes":0.9,"no":0.1}', 0.9, 1, g % 20 = 0, false, md5(g::text) || md5(g::text),
      CASE WHEN g % 20 = 0 THEN ${expert} WHEN g % 20 IN (1, 2) THEN ${machine('LOCAL')} WHEN g % 20 IN (3, 4) THEN ${machine('LLM')} ELSE ${human} END,
      $1 || '-lv' || g, '\\x00', '', 'bench', 'bench', 'bench', 'bench', ${spread('g')}, ${spread('g')}
    FROM generate_series(1, $2::int) g`, [p, done]);
  await timed(db, 'prelabel.llm_usage (one row per task)', `INSERT INTO prelabel.llm_usage (task_id, project_id, model, prompt_tokens, completion_tokens, calls, cost_micro_usd, created_at)
    SELECT $1 || '-t' || g, $1, 'bench-llm', 300, 20, 1, 57, ${spread('g')} FROM generate_series(1, $2::int) g`, [p, TASKS]);
  for (const t of ['assignment.slots', 'assignment.tasks', 'assignment.answers', 'export.label_versions', 'ingestion.item_projects', 'prelabel.llm_usage']) {
    await db.query(`ANALYZE ${t}`);
  }
}

async function cleanup(db: Client): Promise<void> {
  const p = PROJECT;
  console.log(`deleting project ${p}`);
  const steps: [string, string][] = [
    ['prelabel.llm_usage', `DELETE FROM prelabel.llm_usage WHERE project_id = $1`],
    ['export.label_versions', `DELETE FROM export.label_versions WHERE project_id = $1`],
    ['assignment.answers', `DELETE FROM assignment.answers WHERE project_id = $1`],
    ['assignment.assignments', `DELETE FROM assignment.assignments WHERE project_id = $1`],
    ['assignment.slots', `DELETE FROM assignment.slots WHERE project_id = $1`],
    ['assignment.tasks', `DELETE FROM assignment.tasks WHERE project_id = $1`],
    ['assignment.projects', `DELETE FROM assignment.projects WHERE project_id = $1`],
    ['ingestion.item_projects', `DELETE FROM ingestion.item_projects WHERE project_id = $1`],
    ['ingestion.items', `DELETE FROM ingestion.items WHERE $1 = ANY(matched_project_ids) AND source = 'bench'`],
    ['gateway.projects', `DELETE FROM gateway.projects WHERE id = $1`],
  ];
  for (const schema of ['assignment', 'export', 'ingestion']) {
    steps.push([`${schema} counters`, `DELETE FROM ${schema}.stat_totals WHERE project_id = $1`]);
    steps.push([`${schema} counters per minute`, `DELETE FROM ${schema}.stat_minutes WHERE project_id = $1`]);
  }
  // Foreign keys without an index on the referencing side (items.previous_item_id,
  // dedup_keys.item_id, assignments.task_id outside its partial index) make a plain DELETE of a
  // million rows quadratic: the deletes run with triggers off in this session only (superuser;
  // nothing else references the bench's rows), and the counters are deleted explicitly.
  try {
    await db.query(`SET session_replication_role = replica`);
  } catch {
    console.log('  (not a superuser: deleting with triggers on, which takes long)');
  }
  for (const [label, sql] of steps) await timed(db, label, sql, [p]);
  await db.query(`RESET session_replication_role`).catch(() => undefined);
}

async function explain(db: Client, label: string, sql: string, params: unknown[]): Promise<void> {
  const r = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  const lines = r.rows.map((x) => x['QUERY PLAN'] as string);
  const scan = lines.find((l) => /Scan/.test(l))?.trim() ?? lines[0];
  const exec = lines.find((l) => l.startsWith('Execution Time')) ?? '';
  console.log(`  ${label}: ${scan.replace(/\s+\(cost=[^)]*\)/, '')} — ${exec}`);
}

async function main() {
  console.log(`machine: ${machineLine()}`);
  const env = stackEnv();
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  const services = startServices({ names: ['gateway', 'ingestion', 'assignment', 'export', 'prelabel'], basePort: 18980, logSuffix: '.bench-dashboard' });
  let filled = false;
  try {
    await waitReady(services, 300000);
    const url: Record<string, string> = Object.fromEntries(services.map((s: { name: string; url: string }) => [s.name, s.url]));
    const t0 = process.hrtime.bigint();
    filled = true;
    await fill(db);
    console.log(`filled in ${(ms(t0) / 1000).toFixed(1)} s`);

    // The gateway takes a person's token; a service only the gateway's token for it.
    const admin = { kind: 'user' as const, id: 'bench-admin', roles: ['admin' as const] };
    const tokenFor = (base: string) => {
      const service = Object.keys(url).find((name) => url[name] === base)!;
      return service === 'gateway' ? signJwt({ sub: admin.id, roles: admin.roles }, process.env.JWT_SECRET!, 3600) : signServiceToken(admin, service, process.env.JWT_SECRET!, { ttlSeconds: 3600 });
    };
    const get = async (base: string, p: string) => {
      const t = process.hrtime.bigint();
      const r = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${tokenFor(base)}` } });
      const body = (await r.json()) as Record<string, unknown>;
      if (r.status !== 200) throw new Error(`${p}: ${r.status} ${JSON.stringify(body)}`);
      return { ms: ms(t), body };
    };
    const series = async (label: string, base: string, p: string) => {
      await get(base, p); // warm-up (connections, plans)
      const times: number[] = [];
      let body: Record<string, unknown> = {};
      for (let i = 0; i < RUNS; i++) ({ ms: times[i], body } = await get(base, p));
      console.log(`  ${label.padEnd(52)} median ${fmt(median(times)).padStart(7)}   min ${fmt(Math.min(...times)).padStart(7)}   max ${fmt(Math.max(...times)).padStart(7)}`);
      return body;
    };

    console.log(`\nthrough the gateway (${RUNS} runs after a warm-up, each run asks the services in parallel):`);
    const progress = await series('GET …/dashboard/progress?bucket=hour (49 points)', url.gateway, `/v1/projects/${PROJECT}/dashboard/progress?bucket=hour`);
    await series('GET …/dashboard/progress?bucket=day (31 points)', url.gateway, `/v1/projects/${PROJECT}/dashboard/progress?bucket=day`);
    await series('GET …/dashboard/progress?bucket=minute (121 points)', url.gateway, `/v1/projects/${PROJECT}/dashboard/progress?bucket=minute`);
    const cost = await series('GET …/dashboard/cost?bucket=day (31 points)', url.gateway, `/v1/projects/${PROJECT}/dashboard/cost?bucket=day`);
    await series('GET …/dashboard/cost?bucket=hour (49 points)', url.gateway, `/v1/projects/${PROJECT}/dashboard/cost?bucket=hour`);
    console.log('\neach part alone (the service route the gateway calls):');
    const day = `bucket=day&from=${encodeURIComponent(new Date(Date.now() - MINUTES * 60_000).toISOString())}`;
    await series('assignment GET /v1/projects/:id/stats?bucket=day', url.assignment, `/v1/projects/${PROJECT}/stats?${day}`);
    await series('export     GET /v1/projects/:id/stats?bucket=day', url.export, `/v1/projects/${PROJECT}/stats?${day}`);
    await series('ingestion  GET /v1/projects/:id/stats?bucket=day', url.ingestion, `/v1/projects/${PROJECT}/stats?${day}`);
    await series('prelabel   GET /v1/projects/:id/prelabel/costs (no counters)', url.prelabel, `/v1/projects/${PROJECT}/prelabel/costs`);

    console.log('\nwhat the counters replace (the same numbers counted from the rows, once):');
    await timed(db, 'slots by state (assignment)', `SELECT state, count(*) FROM assignment.slots WHERE project_id = $1 GROUP BY 1`, [PROJECT]);
    await timed(db, 'answers per day (assignment)', `SELECT date_trunc('day', submitted_at), count(*) FROM assignment.answers WHERE project_id = $1 GROUP BY 1`, [PROJECT]);
    await timed(db, 'labels by source (export, from provenance)', `SELECT export.stat_label_source(provenance, adjudicated), count(*) FROM export.label_versions WHERE project_id = $1 GROUP BY 1`, [PROJECT]);
    await timed(db, 'items in per day (ingestion)', `SELECT date_trunc('day', matched_at), count(*) FROM ingestion.item_projects WHERE project_id = $1 GROUP BY 1`, [PROJECT]);

    console.log('\nEXPLAIN ANALYZE of the counter reads:');
    const from = new Date(Date.now() - MINUTES * 60_000);
    await explain(db, 'assignment totals', `SELECT sum(slots_open), sum(answers) FROM assignment.stat_totals WHERE project_id = $1`, [PROJECT]);
    await explain(db, 'assignment per day', `SELECT date_trunc('day', minute, 'UTC'), sum(answers) FROM assignment.stat_minutes WHERE project_id = $1 AND minute >= $2 GROUP BY 1`, [PROJECT, from]);
    await explain(db, 'export totals', `SELECT source, sum(current) FROM export.stat_totals WHERE project_id = $1 GROUP BY 1`, [PROJECT]);
    await explain(db, 'ingestion per day', `SELECT date_trunc('day', minute, 'UTC'), sum(items) FROM ingestion.stat_minutes WHERE project_id = $1 AND minute >= $2 GROUP BY 1`, [PROJECT, from]);

    console.log('\nanswers:');
    console.log(`  progress totals: ${JSON.stringify(progress.totals)}, queueDepth ${progress.queueDepth}, etaSeconds ${progress.etaSeconds}, unavailable ${JSON.stringify(progress.unavailable)}`);
    console.log(`  cost perSource: ${JSON.stringify(cost.perSource)}`);
    console.log(`  cost total: ${JSON.stringify(cost.total)}, unavailable ${JSON.stringify(cost.unavailable)}`);
  } finally {
    if (filled) await cleanup(db);
    await db.end();
    await stopServices(services);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
