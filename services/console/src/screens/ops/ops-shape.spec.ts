import type { ConsumerGroupLag, DeadLetterRecord } from '../../api/ops-client';
import { appendPage, originText, payloadView, sortGroups, toggle, totalLag } from './ops-shape';

describe('payloadView', () => {
  it('says "encrypted" without looking at the payload', () => {
    expect(payloadView({ encrypted: true, payload: { secret: 1 } })).toEqual({ kind: 'encrypted' });
  });
  it('has nothing to show for a null payload', () => {
    expect(payloadView({ encrypted: false, payload: null })).toEqual({ kind: 'none' });
  });
  it('pretty-prints an object, and JSON held in a string', () => {
    expect(payloadView({ encrypted: false, payload: { a: 1, b: ['x'] } })).toEqual({ kind: 'text', text: '{\n  "a": 1,\n  "b": [\n    "x"\n  ]\n}', truncated: false });
    expect(payloadView({ encrypted: false, payload: '{"a":1}' })).toEqual({ kind: 'text', text: '{\n  "a": 1\n}', truncated: false });
  });
  it('keeps markup as plain text (it is rendered as a text node, never parsed)', () => {
    const v = payloadView({ encrypted: false, payload: '<img src=x onerror=alert(1)>' });
    expect(v).toEqual({ kind: 'text', text: '<img src=x onerror=alert(1)>', truncated: false });
  });
  it('cuts a very long payload short and says so', () => {
    const v = payloadView({ encrypted: false, payload: 'x'.repeat(50) }, 10);
    expect(v).toEqual({ kind: 'text', text: 'x'.repeat(10), truncated: true });
  });
});

describe('consumer lag', () => {
  const g = (group: string, lag: number): ConsumerGroupLag => ({ group, service: 's', lag, topics: [] });
  it('sorts the most lagging group first and sums the lag', () => {
    const groups = [g('b', 0), g('a', 0), g('c', 40), g('d', 2)];
    expect(sortGroups(groups).map((x) => x.group)).toEqual(['c', 'd', 'a', 'b']);
    expect(totalLag(groups)).toBe(42);
  });
});

describe('selection and paging', () => {
  const r = (id: string) => ({ id }) as DeadLetterRecord;
  it('toggles an id and keeps the display order', () => {
    const order = ['a', 'b', 'c'];
    expect(toggle(['c'], 'a', true, order)).toEqual(['a', 'c']);
    expect(toggle(['a', 'c'], 'a', false, order)).toEqual(['c']);
    expect(toggle(['a'], 'a', true, order)).toEqual(['a']);
  });
  it('appends a page without repeating records already shown', () => {
    expect(appendPage([r('a'), r('b')], [r('b'), r('c')]).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('originText', () => {
  it('gives the topic, the partition and offset, and the consumer group that gave up', () => {
    expect(originText({ topic: 'labels.v1', partition: 2, offset: 41, consumerGroup: 'prelabel.labels' })).toEqual({ topic: 'labels.v1', position: '2:41', group: 'prelabel.labels' });
    expect(originText({ topic: 'labels.v1', partition: null, offset: null })).toEqual({ topic: 'labels.v1', position: null, group: null });
  });
});
