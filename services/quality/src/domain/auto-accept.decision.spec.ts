import { create } from '@bufbuild/protobuf';
import { AggregationMethod, AnswerRecordSchema, AnswerSource, ModelBackend, QuestionKind } from '@verity/contracts';
import { autoAcceptDecision, autoAcceptProblem } from './auto-accept.decision';

const machine = (optionIds: string[], model: { confidence?: number; calibratedConfidence?: number } = { confidence: 0.97, calibratedConfidence: 0.99 }) =>
  create(AnswerRecordSchema, {
    annotationId: 'ann-1',
    annotatorId: 'model:local-lr/p/spam',
    source: AnswerSource.MACHINE,
    answer: { value: { case: 'choice', value: { optionIds } } },
    model: { backend: ModelBackend.LOCAL, modelId: 'local-lr/p/spam', modelVersion: 'v3', promptVersion: '', ...model },
  });
const spamQuestion = { kind: QuestionKind.SINGLE_CHOICE, options: ['ham', 'spam'] };

describe('auto-accept decision', () => {
  it("takes the machine's answer as the label with its calibrated confidence, method MACHINE_AUTO_ACCEPT, never gold or adjudicated", () => {
    const d = autoAcceptDecision(machine(['spam']), spamQuestion, 'content-ev');
    expect(d.label).toBe('spam');
    expect(d.answer.value).toMatchObject({ case: 'choice', value: { optionIds: ['spam'] } });
    expect(d.confidence).toBe(0.99);
    expect(d.aggregation.method).toBe(AggregationMethod.MACHINE_AUTO_ACCEPT);
    expect(d.aggregation.parameters).toMatchObject({ model_id: 'local-lr/p/spam', model_version: 'v3', backend: 'LOCAL', calibrated_confidence: '0.99', raw_confidence: '0.97' });
    expect(d.gold).toBe(false);
    expect(d.adjudicated).toBe(false);
    expect(d.agreement).toEqual({ answerCount: 1 });
    expect(d.contentEventId).toBe('content-ev');
  });

  it('a label model\'s weak label is decided by WEAK_SUPERVISION, naming every labeling-function vote behind it', () => {
    const record = create(AnswerRecordSchema, {
      annotationId: 'ann-2',
      annotatorId: 'model:labelmodel/p/spam',
      source: AnswerSource.MACHINE,
      answer: { value: { case: 'choice', value: { optionIds: ['spam'] } } },
      model: {
        backend: ModelBackend.LABEL_MODEL,
        modelId: 'labelmodel/p/spam',
        modelVersion: '4',
        confidence: 0.98,
        calibratedConfidence: 0.97,
        lfVotes: [
          { lfId: 'links', lfVersion: 2, optionId: 'spam' },
          { lfId: 'check-out', lfVersion: 1, optionId: 'spam' },
        ],
      },
    });
    const d = autoAcceptDecision(record, spamQuestion, '');
    expect(d.aggregation.method).toBe(AggregationMethod.WEAK_SUPERVISION);
    expect(d.label).toBe('spam');
    expect(d.confidence).toBe(0.97);
    expect(d.aggregation.parameters).toMatchObject({ backend: 'LABEL_MODEL', model_id: 'labelmodel/p/spam', model_version: '4' });
    expect(JSON.parse(d.aggregation.parameters!.lf_votes!)).toEqual([
      { lf_id: 'links', lf_version: 2, option_id: 'spam' },
      { lf_id: 'check-out', lf_version: 1, option_id: 'spam' },
    ]);
    // The answer record keeps the votes in its model (the label's provenance).
    expect(d.answers[0]!.model?.lfVotes.map((v) => v.lfId)).toEqual(['links', 'check-out']);
    // A model's own auto-accept names no votes.
    expect(autoAcceptDecision(machine(['spam']), spamQuestion, '').aggregation.parameters).not.toHaveProperty('lf_votes');
  });

  it('keeps the machine answer record, model included, as the only answer behind the label', () => {
    const record = machine(['ham']);
    const d = autoAcceptDecision(record, spamQuestion, '');
    expect(d.answers).toEqual([record]);
    expect(d.answers[0]!.model?.modelVersion).toBe('v3');
  });

  it('soft label: the calibrated confidence on the label, the rest evenly on the other options, summing to 1', () => {
    const d = autoAcceptDecision(machine(['b'], { calibratedConfidence: 0.9 }), { kind: QuestionKind.SINGLE_CHOICE, options: ['a', 'b', 'c'] }, '');
    expect(d.softLabel.b).toBeCloseTo(0.9);
    expect(d.softLabel.a).toBeCloseTo(0.05);
    expect(d.softLabel.c).toBeCloseTo(0.05);
    expect(Object.values(d.softLabel).reduce((s, v) => s + v, 0)).toBeCloseTo(1);
  });

  it('no soft label when quality does not know the question (no project snapshot yet)', () => {
    expect(autoAcceptDecision(machine(['spam']), undefined, '').softLabel).toEqual({});
  });

  it('a machine answer without a calibrated confidence, or an empty one, cannot be auto-accepted', () => {
    expect(autoAcceptProblem(machine(['spam'], { confidence: 0.9 }))).toMatch(/model\.calibrated_confidence is absent/);
    expect(autoAcceptProblem(machine([]))).toMatch(/answer is empty/);
    expect(autoAcceptProblem(machine(['spam'], { calibratedConfidence: 1.5 }))).toMatch(/outside \[0, 1\]/);
    expect(autoAcceptProblem(machine(['spam']))).toBeNull();
    expect(() => autoAcceptDecision(machine(['spam'], { confidence: 0.9 }), spamQuestion, '')).toThrow(/ann-1 cannot be auto-accepted/);
  });
});
