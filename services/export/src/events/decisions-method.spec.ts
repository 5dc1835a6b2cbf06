import { create } from '@bufbuild/protobuf';
import { AggregationMethod, AggregationSchema } from '@verity/contracts';
import { methodLabel } from './decisions.handler';

// The `method` label of verity_labels_published_total (docs/metrics.md).
describe('methodLabel', () => {
  it.each([
    [AggregationMethod.MAJORITY_VOTE, false, 'majority_vote'],
    [AggregationMethod.WEIGHTED_MAJORITY_VOTE, false, 'weighted_majority_vote'],
    [AggregationMethod.DAWID_SKENE, false, 'dawid_skene'],
    [AggregationMethod.MACHINE_AUTO_ACCEPT, false, 'machine_auto_accept'],
    [AggregationMethod.ADJUDICATION, true, 'adjudication'],
  ])('names method %s in lower case', (method, adjudicated, label) => {
    expect(methodLabel({ aggregation: create(AggregationSchema, { method }), adjudicated })).toBe(label);
  });

  it('calls an expert verdict without an aggregation "adjudication", anything else without one "unspecified"', () => {
    expect(methodLabel({ aggregation: undefined, adjudicated: true })).toBe('adjudication');
    expect(methodLabel({ aggregation: undefined, adjudicated: false })).toBe('unspecified');
  });
});
