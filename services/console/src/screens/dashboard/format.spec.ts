import { formatBucket, formatCount, formatDuration, formatEtaAt, formatInterval, formatMoney, formatMs, formatShare, formatSignedShare, formatStat } from './format';

describe('dashboard formatting', () => {
  it('formats an ETA in its two largest units', () => {
    expect(formatDuration(null, 'en')).toBe('—');
    expect(formatDuration(-5, 'en')).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY, 'en')).toBe('—');
    expect(formatDuration(30, 'en')).toBe('< 1 min');
    expect(formatDuration(25 * 60 + 10, 'en')).toBe('25 min');
    expect(formatDuration(3 * 3600, 'en')).toBe('3 hr');
    expect(formatDuration(3 * 3600 + 20 * 60, 'en')).toBe('3 hr 20 min');
    expect(formatDuration(2 * 86400 + 4 * 3600 + 10 * 60, 'en')).toBe('2 days 4 hr');
    expect(formatDuration(2 * 86400, 'en')).toBe('2 days');
    expect(formatDuration(3 * 3600 + 20 * 60, 'fr').replace(/\s/gu, ' ')).toBe('3 h 20 min'); // Intl puts no-break spaces in French
  });

  it('rounds 59.6 minutes up to the hour, not to "60 min"', () => {
    expect(formatDuration(59.6 * 60, 'en')).toBe('1 hr');
  });

  it('formats milliseconds', () => {
    expect(formatMs(850, 'en')).toBe('850 ms');
    expect(formatMs(12_340, 'en')).toBe('12.3 sec');
    expect(formatMs(5 * 60_000, 'en')).toBe('5 min');
    expect(formatMs(null, 'en')).toBe('—');
  });

  it('gives the time the ETA lands: time of day today, else date and time', () => {
    const now = new Date(2025, 5, 1, 10, 0, 0);
    expect(formatEtaAt(null, now, 'en')).toBeNull();
    expect(formatEtaAt(3600, now, 'en')).toBe(new Date(2025, 5, 1, 11, 0).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' }));
    expect(formatEtaAt(86400, now, 'en')).toContain('Jun');
  });

  it('formats shares, statistics, intervals and signed changes', () => {
    expect(formatShare(0.9234, 'en')).toBe('92.3%');
    expect(formatShare(null, 'en')).toBe('—');
    expect(formatStat(0.81234, 'en')).toBe('0.812');
    expect(formatStat(-0.1, 'en')).toBe('-0.100');
    expect(formatInterval(0.92, 0.85, 0.96, 'en')).toBe('92.0% (85.0%–96.0%)');
    expect(formatInterval(0.92, null, 0.96, 'en')).toBe('92.0%');
    expect(formatInterval(null, 0.1, 0.2, 'en')).toBe('—');
    expect(formatSignedShare(0.021, 'en')).toBe('+2.1%');
    expect(formatSignedShare(-0.005, 'en')).toBe('-0.5%');
    expect(formatCount(12345, 'en')).toBe('12,345');
  });

  it('formats money, with a fallback for an unknown currency code', () => {
    expect(formatMoney(12.5, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(0.01234, 'USD', 'en', true)).toBe('$0.0123');
    expect(formatMoney(3, 'credits', 'en')).toBe('3.00 credits');
    expect(formatMoney(null, 'EUR', 'en')).toBe('—');
  });

  it('labels buckets by time, or by date for days; an unparsable time stays as given', () => {
    expect(formatBucket('2025-06-01T00:00:00Z', 'day', 'en')).toMatch(/Jun|May/);
    expect(formatBucket('nope', 'hour', 'en')).toBe('nope');
  });
});
