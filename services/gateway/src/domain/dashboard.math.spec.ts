import { answerRate, bucketStarts, costPerLabel, dashboardRange, etaSeconds, hours, MAX_BUCKETS, usd, workCost } from './dashboard.math';

describe('dashboard range and buckets', () => {
  const now = new Date('2026-03-10T12:34:56.789Z');

  it('defaults: 48 hours up to now, from aligned down to its hour (UTC)', () => {
    const r = dashboardRange('hour', undefined, undefined, now);
    expect(r).toEqual({ bucket: 'hour', from: new Date('2026-03-08T12:00:00.000Z'), to: now });
    const starts = bucketStarts(r as Exclude<typeof r, { field: string }>);
    expect(starts).toHaveLength(49); // 48 whole hours back, plus the current partial one
    expect(starts[0]).toBe('2026-03-08T12:00:00.000Z');
    expect(starts.at(-1)).toBe('2026-03-10T12:00:00.000Z');
  });

  it('aligns minute and day buckets in UTC whatever the offset given', () => {
    const r = dashboardRange('day', '2026-03-01T23:30:00+02:00', '2026-03-04T00:00:00Z', now);
    expect(r).toMatchObject({ from: new Date('2026-03-01T00:00:00.000Z') });
    expect(bucketStarts(r as never)).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z']);
    expect(bucketStarts(dashboardRange('minute', '2026-03-10T12:00:30Z', '2026-03-10T12:02:00Z', now) as never)).toEqual([
      '2026-03-10T12:00:00.000Z',
      '2026-03-10T12:01:00.000Z',
    ]);
  });

  it('refuses an empty or reversed range and one with too many buckets, naming from', () => {
    expect(dashboardRange('hour', '2026-03-10T12:00:00Z', '2026-03-10T12:00:00Z', now)).toEqual({ field: 'from', reason: 'must be before to' });
    expect(dashboardRange('hour', '2026-03-11T00:00:00Z', '2026-03-10T00:00:00Z', now)).toMatchObject({ field: 'from' });
    const tooLong = dashboardRange('minute', '2026-01-01T00:00:00Z', undefined, now);
    expect(tooLong).toMatchObject({ field: 'from', reason: expect.stringContaining(`at most ${MAX_BUCKETS}`) });
    expect(dashboardRange('minute', new Date(now.getTime() - (MAX_BUCKETS - 1) * 60_000).toISOString(), undefined, now)).toHaveProperty('bucket');
  });
});

describe('answer rate and ETA', () => {
  it('rate = answers ÷ measured seconds; no answer or no time → no rate', () => {
    expect(answerRate(90, 900)).toBe(0.1);
    expect(answerRate(0, 900)).toBeNull();
    expect(answerRate(5, 0)).toBeNull();
  });

  it('ETA = remaining open + leased slots ÷ rate, rounded to the second', () => {
    expect(etaSeconds(30, 0.1)).toBe(300);
    expect(etaSeconds(1, 3)).toBe(0);
    expect(etaSeconds(1_000_000 * 3, 120 / 60)).toBe(1_500_000);
  });

  it('nothing left → 0 whatever the rate; work left and no rate → null', () => {
    expect(etaSeconds(0, null)).toBe(0);
    expect(etaSeconds(0, 2)).toBe(0);
    expect(etaSeconds(7, null)).toBeNull();
    expect(etaSeconds(7, 0)).toBeNull();
  });
});

describe('costs', () => {
  it('work cost = units × unit price + measured hours × hourly price, to the micro-dollar', () => {
    // 120 answers at $0.05 and 2.5 h at $12/h.
    expect(workCost(120, 2.5 * 3_600_000, 0.05, 12)).toBe(36);
    // 3 verdicts at $1.10 and 45 min at $80/h.
    expect(workCost(3, 45 * 60_000, 1.1, 80)).toBe(63.3);
    expect(workCost(7, 123_456, 0, 0)).toBe(0);
    expect(workCost(1, 1, 0, 1)).toBe(0); // 1 ms at $1/h is below a micro-dollar
  });

  it('cost per label: null without labels or without a cost', () => {
    expect(costPerLabel(36, 100)).toBe(0.36);
    expect(costPerLabel(10, 3)).toBe(3.333333);
    expect(costPerLabel(36, 0)).toBeNull();
    expect(costPerLabel(null, 10)).toBeNull();
    expect(costPerLabel(5, null)).toBeNull();
  });

  it('rounds to the micro-dollar and hours to 6 decimals', () => {
    expect(usd(0.1 + 0.2)).toBe(0.3);
    expect(usd(1234567 / 1e6)).toBe(1.234567);
    expect(hours(5_400_000)).toBe(1.5);
    expect(hours(1000)).toBe(0.000278);
  });
});
