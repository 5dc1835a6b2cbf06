import { AdjudicationReason } from '@verity/contracts';
import { decide, DecisionInput, pivotalFailing } from './decision.rule';

const base: DecisionInput = {
  agreement: 1,
  posterior: 0.95,
  agreementThreshold: 0.7,
  posteriorThreshold: 0.8,
  machineDisagrees: false,
  routeMachineDisagreement: true,
  failingAnnotators: [],
};
const reasons = (o: ReturnType<typeof decide>) => (o.kind === 'adjudicate' ? o.reasons : []);

describe('decision rule', () => {
  it('decides when agreement and posterior reach their thresholds (equality passes)', () => {
    expect(decide(base).kind).toBe('decide');
    expect(decide({ ...base, agreement: 0.7, posterior: 0.8 }).kind).toBe('decide');
  });

  it('the one-comment trace: agreement 1/3 < 0.7 → adjudication, LOW_AGREEMENT', () => {
    const o = decide({ ...base, agreement: 1 / 3, posterior: 0.9 });
    expect(o.kind).toBe('adjudicate');
    expect(reasons(o)).toEqual([AdjudicationReason.LOW_AGREEMENT]);
    expect(o.kind === 'adjudicate' && o.detail).toContain('pairwise agreement 0.33 < 0.70');
  });

  it('low posterior alone → LOW_POSTERIOR', () => {
    expect(reasons(decide({ ...base, posterior: 0.79 }))).toEqual([AdjudicationReason.LOW_POSTERIOR]);
  });

  it('every applicable reason, most severe first', () => {
    const o = decide({ ...base, agreement: 0.2, posterior: 0.5, machineDisagrees: true, failingAnnotators: ['spammer'] });
    expect(reasons(o)).toEqual([
      AdjudicationReason.HONEYPOT_FAILURE,
      AdjudicationReason.LOW_AGREEMENT,
      AdjudicationReason.LOW_POSTERIOR,
      AdjudicationReason.MACHINE_DISAGREEMENT,
    ]);
  });

  it('machine disagreement routes by itself unless configured to be only a note', () => {
    expect(reasons(decide({ ...base, machineDisagrees: true }))).toEqual([AdjudicationReason.MACHINE_DISAGREEMENT]);
    expect(decide({ ...base, machineDisagrees: true, routeMachineDisagreement: false }).kind).toBe('decide');
    expect(reasons(decide({ ...base, posterior: 0.1, machineDisagrees: true, routeMachineDisagreement: false }))).toEqual([
      AdjudicationReason.LOW_POSTERIOR,
      AdjudicationReason.MACHINE_DISAGREEMENT,
    ]);
  });

  it('undefined agreement (a single answer) is judged on the posterior only', () => {
    expect(decide({ ...base, agreement: null }).kind).toBe('decide');
    expect(reasons(decide({ ...base, agreement: null, posterior: 0.5 }))).toEqual([AdjudicationReason.LOW_POSTERIOR]);
  });
});

describe('pivotal honeypot failures', () => {
  const flagged = new Set(['spammer']);
  it('a failing annotator whose answer the label does not need is not pivotal', () => {
    const answers = [
      { annotatorId: 'a', key: 'x' },
      { annotatorId: 'b', key: 'x' },
      { annotatorId: 'spammer', key: 'y' },
    ];
    expect(pivotalFailing(answers, flagged, 'x')).toEqual([]);
  });
  it('is pivotal when the others do not settle the label alone', () => {
    const answers = [
      { annotatorId: 'a', key: 'x' },
      { annotatorId: 'b', key: 'y' },
      { annotatorId: 'spammer', key: 'x' },
    ];
    expect(pivotalFailing(answers, flagged, 'x')).toEqual(['spammer']);
    expect(pivotalFailing(answers.slice(0, 2), flagged, 'x')).toEqual([]);
  });
});
