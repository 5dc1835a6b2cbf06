import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DecisionEventSchema, newEnvelope, TOPICS } from '@verity/contracts';
import { incomingOf, labelContentDigest, labelContentOf, nextLabelVersion } from './label-version.rule';

const decision = (over: Record<string, unknown> = {}) =>
  create(DecisionEventSchema, {
    envelope: newEnvelope({ producer: 'quality', projectId: 'p1', spec: TOPICS.decisions }),
    decisionId: 'd1',
    itemId: 'i1',
    questionId: 'q1',
    ontologyVersion: 1,
    label: 'toxic',
    answer: { value: { case: 'choice', value: { optionIds: ['toxic'] } } },
    softLabel: { toxic: 0.8, ok: 0.2 },
    confidence: 0.8,
    answers: [{ annotationId: 'a1', annotatorId: 'u1' }],
    ...over,
  });

const digest = (over: Record<string, unknown> = {}) => labelContentDigest(labelContentOf(decision(over)));

describe('label-version rule', () => {
  const t0 = new Date('2025-01-01T00:00:00Z');
  const t1 = new Date('2025-01-02T00:00:00Z');

  it('first decision → version 1', () => {
    expect(nextLabelVersion(null, digest(), t0)).toEqual({ kind: 'new_version', labelVersion: 1 });
  });

  it('same content → no new version, whatever the provenance or event id', () => {
    const d = digest();
    const again = digest({ answers: [{ annotationId: 'a9', annotatorId: 'u9' }], decisionId: 'd2', softLabel: { ok: 0.2, toxic: 0.8000000001 } });
    expect(again).toBe(d);
    expect(nextLabelVersion({ labelVersion: 3, contentDigest: d, decidedAt: t0 }, again, t1)).toEqual({ kind: 'unchanged', labelVersion: 3 });
  });

  it('changed content → current + 1 (label, soft label, adjudication, gold, ontology version)', () => {
    const base = digest();
    const changed = [
      digest({ label: 'ok', answer: { value: { case: 'choice', value: { optionIds: ['ok'] } } } }),
      digest({ softLabel: { toxic: 0.7, ok: 0.3 } }),
      digest({ adjudicated: true, verdict: { adjudicatorId: 'e1', note: 'slur', confidence: 0.9, answer: { value: { case: 'choice', value: { optionIds: ['toxic'] } } } } }),
      digest({ gold: true }),
      digest({ ontologyVersion: 2 }),
    ];
    for (const c of changed) {
      expect(c).not.toBe(base);
      expect(nextLabelVersion({ labelVersion: 1, contentDigest: base, decidedAt: t0 }, c, t1)).toEqual({ kind: 'new_version', labelVersion: 2 });
    }
    expect(new Set(changed).size).toBe(changed.length);
  });

  it('a different decision made before the current version is stale, not a new version', () => {
    expect(nextLabelVersion({ labelVersion: 2, contentDigest: digest({ gold: true }), decidedAt: t1 }, digest(), t0)).toEqual({
      kind: 'stale',
      labelVersion: 2,
    });
  });

  it('a verdict note is part of the label', () => {
    const v = (note: string) =>
      digest({ adjudicated: true, verdict: { adjudicatorId: 'e1', note, confidence: 0.9, decidedAt: timestampFromDate(t0) } });
    expect(v('a')).not.toBe(v('b'));
  });

  describe('adjudicated and gold labels', () => {
    const choice = (o: string) => ({ value: { case: 'choice', value: { optionIds: [o] } } });
    const verdict = { requestId: 'r1', adjudicatorId: 'e1', note: 'an insult at a user', confidence: 0.9, answer: choice('harassment'), decidedAt: timestampFromDate(t0) };
    const adjudicated = decision({ label: 'harassment', answer: choice('harassment'), adjudicated: true, verdict });
    const gold = decision({ label: 'harassment', answer: choice('harassment'), adjudicated: true, verdict, gold: true, decisionId: 'd-gold' });
    const d = (x: ReturnType<typeof decision>) => labelContentDigest(labelContentOf(x));
    const cur = (x: ReturnType<typeof decision>, version: number, decidedAt: Date) => ({
      labelVersion: version,
      contentDigest: d(x),
      decidedAt,
      adjudicated: x.adjudicated,
      gold: x.gold,
      ontologyVersion: x.ontologyVersion,
      verdictRequestId: x.verdict?.requestId ?? null,
    });

    it('a gold confirmation of the current verdict (same decided time) is a new version', () => {
      expect(nextLabelVersion(cur(adjudicated, 2, t0), d(gold), t0, incomingOf(gold))).toEqual({ kind: 'new_version', labelVersion: 3 });
    });

    it('a late aggregation never supersedes an adjudicated label, even when its clock says later', () => {
      const late = decision({ label: 'non_toxic', answer: choice('non_toxic') });
      expect(nextLabelVersion(cur(adjudicated, 2, t0), d(late), t1, incomingOf(late))).toEqual({ kind: 'stale', labelVersion: 2 });
      expect(nextLabelVersion(cur(gold, 3, t0), d(late), t1, incomingOf(late))).toEqual({ kind: 'stale', labelVersion: 3 });
    });

    it('an aggregation under a newer ontology version (a relabel) does make a new version', () => {
      const relabel = decision({ label: 'hate', answer: choice('hate'), ontologyVersion: 2 });
      expect(nextLabelVersion(cur(adjudicated, 2, t0), d(relabel), t1, incomingOf(relabel))).toEqual({ kind: 'new_version', labelVersion: 3 });
    });

    it('a replay of the verdict does not demote its confirmed gold label', () => {
      expect(nextLabelVersion(cur(gold, 3, t0), d(adjudicated), t0, incomingOf(adjudicated))).toEqual({ kind: 'stale', labelVersion: 3 });
    });

    it('a new verdict (another request) after an adjudicated label is a new version', () => {
      const second = decision({ label: 'hate', answer: choice('hate'), adjudicated: true, verdict: { ...verdict, requestId: 'r2', answer: choice('hate'), decidedAt: timestampFromDate(t1) } });
      expect(nextLabelVersion(cur(adjudicated, 2, t0), d(second), t1, incomingOf(second))).toEqual({ kind: 'new_version', labelVersion: 3 });
    });
  });
});
