import {
  AdjudicationReason,
  AdjudicationTier,
  AnnotatorChange,
  AnswerSource,
  ContentType,
  createEvent,
  newEnvelope,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { eventually } from '@verity/testing';
import { RequestRepository } from '../src/db/request.repository';
import { VerdictRepository } from '../src/db/verdict.repository';
import { Harness, U } from './adjudication-harness';

/** Against the real stack: Kafka, Postgres (schema adjudication), S3 (readiness). */
describe('adjudication service (real stack)', () => {
  const h = new Harness();

  beforeAll(async () => {
    await h.start();
  }, 120000);

  afterAll(async () => {
    await h.stop();
  });

  it('is healthy without credentials and denies every other route without a token', async () => {
    expect((await h.http('GET', '/healthz', null)).status).toBe(200);
    expect((await h.http('GET', `/v1/projects/${h.project('x')}/adjudications`, null)).status).toBe(401);
    expect((await h.http('POST', `/v1/adjudications/${uuidv7()}/verdict`, null, {})).status).toBe(401);
  });

  it('the one-comment trace: queue, claim, verdict with note and gold candidate, reliability feedback, gold confirmation', async () => {
    const p = h.project('trace');
    await h.publishProject(p);
    const req = h.request(p);
    // The audit chain as quality sends it: each answer names its annotations.v1 and tasks.v1 events.
    for (const a of req.answers) Object.assign(a, { eventId: `${a.annotationId}-evt`, taskEventId: `${req.taskId}-tasks-evt` });
    await h.publishRequests([req]);

    const queue = await h.http('GET', `/v1/projects/${p}/adjudications?state=open`, U.qa1);
    expect(queue.status).toBe(200);
    expect(queue.body.requests).toEqual([expect.objectContaining({ requestId: req.requestId, reasons: ['LOW_AGREEMENT'], state: 'open' })]);

    const next = await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa1);
    expect(next.status).toBe(200);
    const view = next.body;
    expect(view.requestId).toBe(req.requestId);
    expect(view.claimedBy).toBe(U.qa1);
    expect(view.reasons).toEqual(['LOW_AGREEMENT']);
    expect(view.detail).toContain('0.33');
    expect(view.guidelines.text).toContain('harassment is an attack on a person');
    expect(view.question).toMatchObject({ questionId: 'toxicity', kind: 'SINGLE_CHOICE' });
    expect(view.question.options.map((o: { optionId: string }) => o.optionId)).toEqual(['non-toxic', 'harassment', 'hate']);
    expect(view.content.maskedText).toBe('nobody wants you here, [USER]. go away');
    expect(view.answers.map((a: { annotatorId: string; label: string; reliability: number }) => [a.annotatorId, a.label, a.reliability])).toEqual([
      [U.a1, 'non-toxic', 0.8],
      [U.a2, 'harassment', 0.7],
      [U.a3, 'non-toxic', 0.6],
    ]);
    expect(view.majority).toBe('non-toxic');
    expect(view.machineDraft).toMatchObject({ annotatorId: 'model:local-tfidf', source: 'MACHINE', label: 'non-toxic' });

    const note = 'An insult aimed at a named user: harassment under the guidelines.';
    const verdict = await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.qa1, {
      label: 'harassment',
      confidence: 0.9,
      note,
      goldCandidate: true,
    });
    expect(verdict.status).toBe(201);
    expect(verdict.body).toMatchObject({ state: 'decided', label: 'harassment', tier: 'expert', overrodeMajority: 'non-toxic', annotatorObservations: 3 });

    const [decision] = await eventually('the verdict decision on decisions.v1', () => {
      const d = h.decisionsOf(req.requestId);
      return d.length >= 1 ? d : undefined;
    });
    expect(decision).toMatchObject({ itemId: req.itemId, taskId: req.taskId, questionId: 'toxicity', ontologyVersion: 1, label: 'harassment', adjudicated: true, gold: false, confidence: 0.9 });
    expect(decision.envelope).toMatchObject({ producer: 'adjudication', projectId: p, causationId: req.envelope!.eventId, correlationId: req.envelope!.correlationId });
    expect(decision.verdict).toMatchObject({ requestId: req.requestId, adjudicatorId: U.qa1, tier: AdjudicationTier.EXPERT, confidence: 0.9, note, goldCandidate: true });
    expect(decision.softLabel.harassment).toBeCloseTo(0.9);
    const people = decision.answers.filter((a) => a.source !== AnswerSource.MACHINE).map((a) => [a.annotatorId, a.source]);
    expect(people).toEqual([
      [U.a1, AnswerSource.HUMAN],
      [U.a2, AnswerSource.HUMAN],
      [U.a3, AnswerSource.HUMAN],
      [U.qa1, AnswerSource.EXPERT],
    ]);
    expect(decision.answers.find((a) => a.annotatorId === U.a2)?.reliability).toBe(0.7);
    expect(decision.taskEventId).toBe(`${req.taskId}-tasks-evt`);
    for (const a of decision.answers.filter((x) => x.source === AnswerSource.HUMAN)) expect(a.eventId).toBe(`${a.annotationId}-evt`);
    expect(decision.answers.some((a) => a.source === AnswerSource.MACHINE && a.model?.modelId === 'local-tfidf')).toBe(true);

    // Expert verdicts feed back: the two who said non-toxic move down, the one who said harassment up.
    const obs = await eventually('three observations on annotators.v1', () => {
      const o = h.observationsOf(req.requestId);
      return o.length >= 3 ? o : undefined;
    });
    const by = new Map(obs.map((o) => [o.annotatorId, o]));
    for (const id of [U.a1, U.a3]) {
      const o = by.get(id)!;
      expect(o.change).toBe(AnnotatorChange.EXPERT_VERDICT);
      expect(o.expertObservation?.agreed).toBe(false);
      expect(o.reliability).toBeLessThan(o.previousReliability!);
    }
    const a2 = by.get(U.a2)!;
    expect(a2.expertObservation).toMatchObject({ agreed: true, decisionId: decision.decisionId, adjudicatorId: U.qa1, tier: AdjudicationTier.EXPERT });
    expect(a2.previousReliability).toBe(0.7);
    expect(a2.reliability).toBeGreaterThan(0.7);
    expect(a2.goldScored).toBe(1);
    expect(a2.goldAccuracy).toBe(1);
    expect(by.get(U.a1)!.previousReliability).toBe(0.8);
    const rows = await h.ds.query(`SELECT annotator_id, agreed FROM adjudication.expert_observations WHERE request_id = $1 ORDER BY annotator_id`, [req.requestId]);
    expect(rows).toEqual([
      { annotator_id: U.a1, agreed: false },
      { annotator_id: U.a2, agreed: true },
      { annotator_id: U.a3, agreed: false },
    ]);

    // Only a project manager confirms gold; then a second decision with gold = true.
    expect((await h.http('POST', `/v1/projects/${p}/gold/${req.requestId}/confirm`, U.qa1)).status).toBe(403);
    const confirm = await h.http('POST', `/v1/projects/${p}/gold/${req.requestId}/confirm`, U.pm);
    expect(confirm.status).toBe(201);
    expect(confirm.body).toMatchObject({ gold: true, supersedesDecisionId: decision.decisionId });
    const gold = await eventually('the gold decision', () => h.decisionsOf(req.requestId).find((d) => d.gold));
    expect(gold).toMatchObject({ label: 'harassment', adjudicated: true, gold: true, decisionId: confirm.body.decisionId });
    expect(gold.aggregation?.parameters).toMatchObject({ gold_confirmed_by: U.pm, supersedes_decision_id: decision.decisionId });
    expect(gold.answers).toHaveLength(decision.answers.length);
    expect((await h.http('POST', `/v1/projects/${p}/gold/${req.requestId}/confirm`, U.pm)).status).toBe(409);

    const decided = await h.http('GET', `/v1/projects/${p}/adjudications?state=decided`, U.qa2);
    expect(decided.body.requests.map((r: { requestId: string }) => r.requestId)).toEqual([req.requestId]);
    const full = await h.http('GET', `/v1/adjudications/${req.requestId}`, U.qa2);
    expect(full.body.verdict).toMatchObject({ label: 'harassment', gold: { confirmedBy: U.pm } });
  });

  it('two experts calling next get different requests; next again returns the caller its own claim', async () => {
    const p = h.project('claims');
    await h.publishProject(p);
    const reqs = [h.request(p), h.request(p), h.request(p)];
    await h.publishRequests(reqs);
    const [x, y] = await Promise.all([
      h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa1),
      h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa2),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body.requestId).not.toBe(y.body.requestId);
    const again = await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa1);
    expect(again.body.requestId).toBe(x.body.requestId);
    // The other expert's claim blocks a verdict; an expired lease returns the request to the queue.
    expect((await h.http('POST', `/v1/adjudications/${y.body.requestId}/verdict`, U.qa1, { label: 'non-toxic', confidence: 0.5 })).status).toBe(409);
    await h.ds.query(`UPDATE adjudication.requests SET lease_expires_at = now() - interval '1 second' WHERE request_id = $1`, [y.body.requestId]);
    const list = await h.http('GET', `/v1/projects/${p}/adjudications`, U.qa1);
    expect(list.body.requests.find((r: { requestId: string }) => r.requestId === y.body.requestId).claimedBy).toBeNull();
    expect((await h.http('POST', `/v1/adjudications/${y.body.requestId}/verdict`, U.qa1, { label: 'non-toxic', confidence: 0.5 })).status).toBe(201);
    // The annotators never adjudicate their own answers.
    const own = await h.http('POST', `/v1/adjudications/${reqs[2].requestId}/verdict`, U.a1, { label: 'non-toxic', confidence: 1 });
    expect(own.status).toBe(403);
  });

  it('access: a non-member gets 404, an annotator member 403; an invalid label is a 400 naming the field', async () => {
    const p = h.project('access');
    await h.publishProject(p);
    const req = h.request(p);
    await h.publishRequests([req]);
    expect((await h.http('GET', `/v1/projects/${p}/adjudications`, U.outsider)).status).toBe(404);
    expect((await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.outsider)).status).toBe(404);
    expect((await h.http('GET', `/v1/adjudications/${req.requestId}`, U.outsider)).status).toBe(404);
    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.outsider, { label: 'hate', confidence: 1 })).status).toBe(404);
    expect((await h.http('GET', `/v1/projects/${h.project('nope')}/adjudications`, U.qa1)).status).toBe(404);
    expect((await h.http('GET', `/v1/projects/${p}/adjudications`, U.ann)).status).toBe(403);
    expect((await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.ann)).status).toBe(403);
    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.ann, { label: 'hate', confidence: 1 })).status).toBe(403);

    const bad = await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.qa1, { label: 'spam', confidence: 0.5, note: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'label', reason: expect.stringContaining('"spam" is not an option') }]);
    const conf = await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.qa1, { label: 'hate', confidence: 1.5, note: 'x' });
    expect(conf.status).toBe(400);
    expect(conf.body.errors.map((e: { field: string }) => e.field)).toEqual(['confidence']);
    const noNote = await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.qa1, { label: 'hate', confidence: 0.6 });
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors.map((e: { field: string }) => e.field)).toEqual(['note']);
    const [{ state }] = await h.ds.query(`SELECT state FROM adjudication.requests WHERE request_id = $1`, [req.requestId]);
    expect(state).toBe('open');
  });

  it('escalation: the expert escalates, only project managers see it, the PM gives the verdict', async () => {
    const p = h.project('escalation');
    await h.publishProject(p);
    const req = h.request(p, { reasons: [AdjudicationReason.LOW_POSTERIOR] });
    await h.publishRequests([req]);
    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/escalate`, U.qa1, {})).status).toBe(400);
    const esc = await h.http('POST', `/v1/adjudications/${req.requestId}/escalate`, U.qa1, { note: 'sarcasm? cannot tell' });
    expect(esc.status).toBe(200);
    expect(esc.body.state).toBe('escalated');
    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/escalate`, U.qa1, { note: 'again' })).status).toBe(403);
    expect((await h.http('GET', `/v1/projects/${p}/adjudications?state=escalated`, U.qa1)).status).toBe(403);
    expect((await h.http('GET', `/v1/adjudications/${req.requestId}`, U.qa2)).status).toBe(403);
    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.qa1, { label: 'non-toxic', confidence: 0.5 })).status).toBe(403);
    expect((await h.http('GET', `/v1/projects/${p}/adjudications?state=open`, U.qa1)).body.requests).toEqual([]);

    const list = await h.http('GET', `/v1/projects/${p}/adjudications?state=escalated`, U.pm);
    expect(list.body.requests).toEqual([expect.objectContaining({ requestId: req.requestId, escalation: expect.objectContaining({ by: U.qa1, note: 'sarcasm? cannot tell' }) })]);
    const next = await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.pm);
    expect(next.status).toBe(200);
    expect(next.body.requestId).toBe(req.requestId);
    const v = await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.pm, { label: 'non-toxic', confidence: 0.7 });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ tier: 'project_manager', overrodeMajority: null });
    const d = await eventually('the PM decision', () => h.decisionsOf(req.requestId)[0]);
    expect(d.verdict).toMatchObject({ adjudicatorId: U.pm, tier: AdjudicationTier.PROJECT_MANAGER });
    expect(d.aggregation?.parameters).toMatchObject({ escalated_by: U.qa1, escalation_note: 'sarcasm? cannot tell' });
    expect(d.answers.at(-1)).toMatchObject({ annotatorId: U.pm, source: AnswerSource.EXPERT });
    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.pm, { label: 'hate', confidence: 0.7, note: 'x' })).status).toBe(409);
    expect((await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.pm)).status).toBe(204);
  });

  it('shows the content from items.v1 when the request carries none (quality has no content)', async () => {
    const p = h.project('content');
    await h.publishProject(p);
    const req = h.request(p, { maskedText: undefined });
    const item = createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId: '', spec: TOPICS.items }),
      itemId: req.itemId,
      content: { source: 'forum', sourceId: 'c-42', contentType: ContentType.TEXT, contentSha256: 'ab'.repeat(32) },
      maskedText: 'you again, [USER]? nobody asked',
      contentEventId: uuidv7(),
      matchedProjectIds: [p],
    });
    await h.producer.publish(TOPICS.items, item);
    await h.publishRequests([req]);
    // items.v1 is consumed on its own group (adjudication.items): wait for the copy.
    await eventually('the item content copied', async () => {
      const rows = await h.ds.query(`SELECT 1 FROM adjudication.item_contents WHERE item_id = $1`, [req.itemId]);
      return rows.length ? true : undefined;
    }, 180000);
    const next = await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa1);
    expect(next.status).toBe(200);
    expect(next.body.content).toMatchObject({
      maskedText: 'you again, [USER]? nobody asked',
      contentType: 'TEXT',
      source: 'items.v1',
      reference: expect.objectContaining({ source: 'forum', sourceId: 'c-42' }),
    });
    const got = await h.http('GET', `/v1/adjudications/${req.requestId}`, U.qa1);
    expect(got.body.content.maskedText).toBe('you again, [USER]? nobody asked');
    // A request that carries its own text keeps it.
    const own = h.request(p);
    await h.publishRequests([own]);
    const ownView = await h.http('GET', `/v1/adjudications/${own.requestId}`, U.qa1);
    expect(ownView.body.content).toMatchObject({ maskedText: 'nobody wants you here, [USER]. go away', source: 'request' });
  }, 240000);

  it('a request redelivered on adjudications.v1 (same event, or re-published under a new event id) is queued once', async () => {
    const p = h.project('dedup');
    await h.publishProject(p);
    const req = h.request(p);
    const republished = h.request(p, { requestId: req.requestId, itemId: req.itemId, taskId: req.taskId });
    await h.producer.publish(TOPICS.adjudications, req);
    await h.producer.publish(TOPICS.adjudications, req);
    await h.producer.publish(TOPICS.adjudications, republished);
    const ids = [req.envelope!.eventId, republished.envelope!.eventId];
    await eventually('both event ids in the inbox', async () => {
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM adjudication.inbox WHERE event_id = ANY ($1)`, [ids]);
      return n === 2 ? true : undefined;
    }, 60000);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM adjudication.requests WHERE project_id = $1`, [p]);
    expect(n).toBe(1);
    const list = await h.http('GET', `/v1/projects/${p}/adjudications`, U.qa1);
    expect(list.body.requests).toHaveLength(1);
  });

  it('keeps every ontology version: a request under an older version shows its own guidelines; stale snapshots are ignored', async () => {
    const p = h.project('versions');
    await h.publishProject(p, { revision: 1, ontologyVersion: 1, guidelines: 'guidelines of version one' });
    await h.publishProject(p, { revision: 2, ontologyVersion: 2, guidelines: 'guidelines of version two' });
    const old = h.request(p, { ontologyVersion: 1 });
    await h.publishRequests([old]);
    const next = await h.http('POST', `/v1/projects/${p}/adjudications/next`, U.qa1);
    expect(next.body).toMatchObject({ requestId: old.requestId, ontologyVersion: 1, guidelines: { text: 'guidelines of version one' } });
    // A stale snapshot (lower revision) still leaves its ontology version, but not its project state.
    await h.publishProject(p, { revision: 1, ontologyVersion: 3, guidelines: 'from a stale snapshot' });
    const [{ current_ontology_version, revision }] = await h.ds.query(
      `SELECT current_ontology_version, revision::int AS revision FROM adjudication.projects WHERE project_id = $1`,
      [p],
    );
    expect([current_ontology_version, revision]).toEqual([2, 2]);
  });

  it('repositories are project-scoped (issue #17): a request id under another project reaches nothing', async () => {
    const p = h.project('scoped');
    const other = h.project('scoped-other');
    await h.publishProject(p);
    await h.publishProject(other);
    const req = h.request(p);
    await h.publishRequests([req]);
    const requests = h.app.get(RequestRepository);
    const verdicts = h.app.get(VerdictRepository);
    const stateOf = async () =>
      (await h.ds.query(`SELECT state, claimed_by FROM adjudication.requests WHERE request_id = $1`, [req.requestId]))[0];

    expect(await requests.projectOf(h.ds, req.requestId)).toBe(p);
    expect(await requests.find(h.ds, other, req.requestId)).toBeNull();
    expect(await requests.find(h.ds, p, req.requestId)).toMatchObject({ requestId: req.requestId, projectId: p, state: 'open' });
    await requests.claim(h.ds, other, req.requestId, U.qa1, 60);
    await requests.markEscalated(h.ds, other, req.requestId, U.qa1, 'named the wrong project');
    await requests.markDecided(h.ds, other, req.requestId, new Date());
    expect(await stateOf()).toEqual({ state: 'open', claimed_by: null });

    expect((await h.http('POST', `/v1/adjudications/${req.requestId}/verdict`, U.qa1, { label: 'non-toxic', confidence: 0.8 })).status).toBe(201);
    expect(await verdicts.find(h.ds, other, req.requestId)).toBeNull();
    const verdict = await verdicts.find(h.ds, p, req.requestId);
    expect(verdict).toMatchObject({ requestId: req.requestId, projectId: p, label: 'non-toxic' });
    await verdicts.confirmGold(h.ds, other, req.requestId, U.pm, uuidv7(), new Date());
    expect((await verdicts.find(h.ds, p, req.requestId))?.goldConfirmedAt).toBeNull();
    // Through the API: the gold route of another project does not find the request.
    expect((await h.http('POST', `/v1/projects/${other}/gold/${req.requestId}/confirm`, U.pm)).status).toBe(404);
  });
});
