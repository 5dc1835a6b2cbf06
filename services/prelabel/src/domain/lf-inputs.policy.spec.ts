import { FeedbackSource } from '@verity/contracts';
import { choice } from '../events/prelabel-events.factory';
import { feedbackSignals, modelScores, signalsOf } from './lf-inputs.policy';

describe('modelScores (a model LF reads the served local model)', () => {
  // A fake classifier: "spam" at 0.9 for texts with a link, "ham" at 0.7 otherwise.
  const classifier = {
    predict: (text: string) =>
      text.includes('http') ? { label: 'spam', confidence: 0.9, probabilities: { spam: 0.9, ham: 0.1 } } : { label: 'ham', confidence: 0.7, probabilities: { spam: 0.3, ham: 0.7 } },
  };
  const items = [
    { id: 'a', text: 'see http://x' },
    { id: 'b', text: 'nice song' },
  ];

  it("scores only the items whose top class is the LF's option, with the calibrated confidence", () => {
    const platt = { kind: 'platt' as const, knots: [], n: 50, platt: { a: 1, b: -1 } };
    const spam = modelScores({ classifier, calibration: platt }, 'spam', items);
    expect(Object.keys(spam)).toEqual(['a']);
    // logit(0.9) − 1 → 1/(1+e^−(2.197−1)) = 0.768
    expect(spam.a).toBeCloseTo(0.768, 3);
    expect(modelScores({ classifier, calibration: undefined }, 'ham', items)).toEqual({ b: 0.7 });
  });
});

describe('feedback signals', () => {
  const record = (itemId: string, source: FeedbackSource, sourceDetail: string, option?: string) => ({ itemId, source, sourceDetail, answer: option ? choice(option) : undefined });

  it('are the kind, the channel, and each followed by the option chosen', () => {
    expect(signalsOf(record('i', FeedbackSource.MODERATOR_OVERRIDE, 'mod-console', 'spam'))).toEqual([
      'moderator_override', 'mod-console', 'moderator_override:spam', 'mod-console:spam',
    ]);
    expect(signalsOf(record('i', FeedbackSource.USER_CORRECTION, ''))).toEqual(['user_correction']);
  });

  it('are gathered per item, once each, sorted', () => {
    expect(
      feedbackSignals([
        record('i1', FeedbackSource.USER_CORRECTION, 'report-button', 'spam'),
        record('i1', FeedbackSource.USER_CORRECTION, 'report-button', 'spam'),
        record('i2', FeedbackSource.OTHER, '', 'ham'),
      ]),
    ).toEqual({
      i1: ['report-button', 'report-button:spam', 'user_correction', 'user_correction:spam'],
      i2: ['other', 'other:ham'],
    });
  });
});
