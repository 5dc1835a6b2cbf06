import { Client } from 'pg';
import { createKafka, TopicTap } from '@verity/messaging';
import { decodeEvent, TOPICS, type LabelEvent } from '@verity/contracts';
import { importLabelStudioTasks, ontologyDraftOf, parseLabelStudioConfig, type LabelStudioTask } from '@verity/interchange';
import { VerityClient } from '@verity/sdk';
import { eventually, signInAdmin, stackEnv, startPlatform, uniqueName } from '@verity/testing';

// Issue #16, Label Studio → Verity → Label Studio on the whole platform (real processes, real
// stack): a Label Studio export with annotations by two LS users and a model's predictions is
// imported into a project, labeled there (the imported answers are the project's two answers
// per task), released, and the release exported as Label Studio tasks. Every LS annotation
// comes back by its LS user with its choice, every prediction with its model version, and each
// task gains the final label as the consensus annotation. Read back in, the export gives the
// same answers and predictions again.

const password = 'correct horse battery staple';
const config = `<View>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text" choice="single"><Choice value="pos"/><Choice value="neg"/></Choices>
</View>`;

type Choice = 'pos' | 'neg';
const choiceResult = (c: Choice) => [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [c] } }];

describe('Label Studio round trip through the platform (real processes, real stack)', () => {
  const run = uniqueName('ls-trip');
  const source = `ls-trip-${run}`;
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let db: Client;

  // Six LS tasks: users 7 and 8 answer each (they disagree on 1003 and 1006); a model predicted 1001 and 1004.
  const answers: Record<number, [Choice, Choice]> = { 1001: ['pos', 'pos'], 1002: ['neg', 'neg'], 1003: ['pos', 'neg'], 1004: ['neg', 'neg'], 1005: ['pos', 'pos'], 1006: ['neg', 'pos'] };
  const predictions: Record<number, Choice> = { 1001: 'pos', 1004: 'neg' };
  const lsTasks: LabelStudioTask[] = Object.entries(answers).map(([id, [a7, a8]]) => ({
    id: Number(id),
    data: { review: `review ${id} of ${run}` },
    annotations: ([[7, a7], [8, a8]] as const).map(([user, c]) => ({
      id: Number(id) * 10 + user,
      completed_by: user,
      created_at: `2024-05-01T10:0${user}:00.000Z`,
      lead_time: 4,
      result: choiceResult(c),
    })),
    ...(predictions[Number(id)] ? { predictions: [{ model_version: 'ls-bert-2', score: 0.88, result: choiceResult(predictions[Number(id)]!) }] } : {}),
  })) as unknown as LabelStudioTask[];

  beforeAll(async () => {
    platform = await startPlatform(21300, '.ls-round-trip');
    db = new Client({ connectionString: stackEnv().databaseUrl });
    await db.connect();
  }, 360000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  }, 60000);

  it('keeps every annotation (by its LS user), every prediction (by its model version) and adds the final label', async () => {
    const admin = await signInAdmin(platform.gateway);
    const pmUser = await admin.createUser({ email: `pm-${run}@trip.verity`, displayName: 'pm', password, roles: ['project_manager'] });
    const pm = await VerityClient.signIn(platform.gateway, pmUser.email, password);
    // Two answers per task, decided by aggregation whatever the agreement (no expert in this test).
    const project = await pm.createProject({
      name: `LS round trip ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 2, agreementThreshold: 0, posteriorThreshold: 0, honeypotRate: 0, auditRate: 0, reliabilityFloor: 0, leaseSeconds: 600, prelabelMode: 'local' },
    });
    const draft = await pm.createOntologyDraft(project.id, ontologyDraftOf(parseLabelStudioConfig(config)) as unknown as Record<string, unknown>);
    await pm.publishOntology(project.id, draft.version);
    await eventually('the services copied the project', async () => {
      const r = await db.query(
        `SELECT (SELECT count(*) FROM ingestion.projects WHERE project_id = $1)::int AS ingestion,
                (SELECT count(*) FROM decomposition.ontology_versions WHERE project_id = $1)::int AS decomposition,
                (SELECT count(*) FROM prelabel.project_access WHERE project_id = $1)::int AS prelabel,
                (SELECT count(*) FROM assignment.project_access WHERE project_id = $1)::int AS assignment`,
        [project.id],
      );
      const c = r.rows[0];
      return c.ingestion === 1 && c.decomposition === 1 && c.prelabel >= 1 && c.assignment >= 1 ? true : undefined;
    }, 120000, 500);

    const kafka = createKafka({ brokers: stackEnv().brokers, clientId: `ls-trip-${run}` });
    const labels = await new TopicTap(kafka, TOPICS.labels.name).start();
    try {
      const imported = await pm.raw('POST', `/v1/projects/${project.id}/imports/label-studio`, { tasks: lsTasks, config, source });
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({ errors: [], content: { published: 6 }, prelabels: { received: 2 }, answers: { received: 12 } });

      // One label per item, decided from the two imported answers.
      await eventually('six labels on labels.v1', () => {
        const mine = labels.records.map((r) => decodeEvent(TOPICS.labels, r.value) as LabelEvent).filter((e) => e.envelope?.projectId === project.id);
        return new Set(mine.map((e) => e.itemId)).size === 6 ? mine : undefined;
      }, 180000, 1000);
    } finally {
      await labels.stop();
    }

    // Export's copy of the labels may trail labels.v1 by a moment: release once all six are in.
    const release = await eventually('a release of six labels', async () => {
      const r = await pm.raw('POST', `/v1/projects/${project.id}/releases`, { name: `trip ${run}`, selection: {} });
      const body = r.body as { releaseId: string; label_count: number };
      return r.status === 201 && body.label_count === 6 ? body : undefined;
    }, 60000, 2000);
    const exported = await pm.raw('GET', `/v1/projects/${project.id}/releases/${release.releaseId}/label-studio`);
    expect(exported.status).toBe(200);
    const back = exported.body as LabelStudioTask[];
    expect(back.map((t) => t.id).sort()).toEqual(Object.keys(answers).map(Number).sort());

    const choicesOf = (r: unknown) => (r as { value: { choices: string[] } }[]).map((x) => x.value.choices);
    for (const t of back) {
      const id = Number(t.id);
      const byUser = new Map(t.annotations.map((a) => [a.completed_by, choicesOf(a.result)]));
      // Every LS annotation, by its LS user, with its choice.
      expect(byUser.get(7)).toEqual([[answers[id]![0]]]);
      expect(byUser.get(8)).toEqual([[answers[id]![1]]]);
      // The final label, once, as the consensus annotation: unanimous tasks keep the choice.
      const consensus = t.annotations.filter((a) => a.completed_by === 'verity:consensus');
      expect(consensus).toHaveLength(1);
      if (answers[id]![0] === answers[id]![1]) expect(choicesOf(consensus[0]!.result)).toEqual([[answers[id]![0]]]);
      expect(t.annotations).toHaveLength(3);
      // The prediction, by its model version.
      const predicted = predictions[id];
      expect((t.predictions ?? []).map((p) => [p.model_version, choicesOf(p.result)])).toEqual(predicted ? [['ls-bert-2', [[predicted]]]] : []);
    }

    // Read back in, the export gives the same answers and predictions (the final labels are counted, not read as answers).
    const again = importLabelStudioTasks(back, parseLabelStudioConfig(config.replace('$review', '$text')), { source });
    expect(again.errors).toEqual([]);
    expect(again.counts.final_labels).toBe(6);
    const key = (x: { source_id: string; option_ids: string[] }, who: string) => `${x.source_id}/${who}/${x.option_ids.join(',')}`;
    const original = importLabelStudioTasks(lsTasks, parseLabelStudioConfig(config), { source });
    expect(again.answers.map((a) => key(a, a.annotator)).sort()).toEqual(original.answers.map((a) => key(a, a.annotator)).sort());
    expect(again.prelabels.map((p) => key(p, p.model_version)).sort()).toEqual(original.prelabels.map((p) => key(p, p.model_version)).sort());
  }, 600000);
});
