import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { LabelEventSchema, LabelStatus } from '@verity/contracts';
import { EXIT, formatLabel } from '../src';
import { harness } from './fake-gateway';

// `verity labels tail` without Kafka: its arguments and the text line of one label
// (following the real topic is covered by test/everyday-commands.int-spec.ts).

describe('verity labels tail', () => {
  it('prints one label as time, item, question, version, label, confidence and flags', () => {
    const e = create(LabelEventSchema, {
      itemId: 'item-1',
      questionId: 'toxic',
      labelVersion: 2,
      status: LabelStatus.EXCLUDED,
      label: 'yes',
      confidence: 0.91234,
      adjudicated: true,
      decidedAt: timestampFromMs(Date.parse('2026-01-01T10:00:00.250Z')),
    });
    expect(formatLabel(e)).toBe('2026-01-01T10:00:00.250Z  item-1  toxic  v2  yes  0.912  EXCLUDED adjudicated');
  });

  it.each([
    [['labels'], 'labels needs a subcommand'],
    [['labels', 'tail'], 'labels tail needs a project id'],
    [['labels', 'tail', 'p', '--from', 'yesterday'], '--from must be end, beginning or an ISO time (got "yesterday")'],
    [['labels', 'tail', 'p', '--max', '0'], '--max must be a positive integer'],
    [['labels', 'tail', 'p'], 'no brokers: pass --brokers or set KAFKA_BROKERS'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const h = harness(() => new Error('no gateway call expected'));
    expect(await h.run(...argv)).toBe(EXIT.usage);
    expect(h.stderr()).toContain(message);
  });
});
