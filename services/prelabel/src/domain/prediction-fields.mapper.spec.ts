import { create } from '@bufbuild/protobuf';
import { PredictionEventSchema } from '@verity/contracts';
import { missingPredictionField } from './prediction-fields.mapper';

const complete = () =>
  create(PredictionEventSchema, { predictionId: 'p-1', source: 'shop', sourceId: 'c-1', itemId: 'item-1', questionId: 'spam', scores: { spam: 0.6, ham: 0.4 } });

describe('missingPredictionField', () => {
  it('accepts a complete prediction, and one that names its content by source ids only', () => {
    expect(missingPredictionField(complete())).toBeNull();
    const bySource = complete();
    bySource.itemId = undefined;
    expect(missingPredictionField(bySource)).toBeNull();
  });

  it('names the missing id, question or scores', () => {
    const noId = complete();
    noId.predictionId = '';
    expect(missingPredictionField(noId)).toBe('prediction_id: is empty');
    const noQuestion = complete();
    noQuestion.questionId = '';
    expect(missingPredictionField(noQuestion)).toBe('question_id: is empty');
    const oneScore = complete();
    oneScore.scores = { spam: 0.9 };
    expect(missingPredictionField(oneScore)).toBe('scores: needs a score for at least two options');
  });

  it('names source, then source_id, when neither they nor item_id say which content it is about', () => {
    const e = complete();
    e.itemId = undefined;
    e.source = '';
    expect(missingPredictionField(e)).toBe('source: is empty and item_id is absent');
    e.source = 'shop';
    e.sourceId = '';
    expect(missingPredictionField(e)).toBe('source_id: is empty and item_id is absent');
  });
});
