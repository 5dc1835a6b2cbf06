import { compileCustomPatterns, PiiMasker, toMaskedOffset } from '@verity/pii';

describe('PiiMasker', () => {
  const masker = new PiiMasker();

  it('masks e-mail addresses and records their spans', () => {
    const r = masker.mask('Write to jane.doe+news@example.co.uk or bob@mail.example.com.');
    expect(r.masked).toBe('Write to [EMAIL] or [EMAIL].');
    expect(r.counts).toEqual([{ kind: 'email', name: 'email', count: 2 }]);
    expect(r.spans[0]).toMatchObject({ kind: 'email', start: 9, end: 16, originalStart: 9, originalEnd: 36 });
    expect(r.masked.slice(r.spans[1].start, r.spans[1].end)).toBe('[EMAIL]');
  });

  it.each([
    ['+1 (555) 123-4567', 'US international'],
    ['+44 20 7946 0958', 'UK international'],
    ['+33 6 12 34 56 78', 'FR international'],
    ['+49 30 1234567', 'DE international'],
    ['+5511987654321', 'BR E.164'],
    ['(555) 123-4567', 'US national with parentheses'],
    ['555-123-4567', 'US national dashed'],
    ['555.123.4567', 'US national dotted'],
    ['06 12 34 56 78', 'FR national'],
    ['030 1234567', 'DE national'],
    ['020 7946 0958', 'UK national'],
    ['0171/1234567', 'DE mobile with slash'],
  ])('masks the phone number %s (%s)', (phone) => {
    const r = masker.mask(`call me at ${phone} tomorrow`);
    expect(r.masked).toBe('call me at [PHONE] tomorrow');
    expect(r.counts).toEqual([{ kind: 'phone', name: 'phone', count: 1 }]);
  });

  it.each([
    'the year 2024 was long',
    'it costs 1234.50 euros',
    'on 2024-01-15 at 10:30',
    'order 12345678 shipped',
    'version 1.2.3',
    'score 3-1',
  ])('leaves numbers that are not phone numbers: %s', (text) => {
    expect(masker.mask(text).masked).toBe(text);
  });

  it('counts offsets in code points, not UTF-16 units', () => {
    const r = masker.mask('😀 a@b.io 😀');
    expect(r.masked).toBe('😀 [EMAIL] 😀');
    expect(r.spans[0]).toMatchObject({ start: 2, end: 9, originalStart: 2, originalEnd: 8 });
  });

  it('applies custom patterns, with named placeholders, and prefers a built-in on overlap', () => {
    const custom = compileCustomPatterns([
      { name: 'ticket', pattern: String.raw`\bTCK-\d{6}\b` },
      { name: 'mention', pattern: String.raw`@\w+`, flags: 'i' },
    ]);
    const m = new PiiMasker(custom);
    const r = m.mask('Ticket TCK-123456: ping @jane or jane@ex.org');
    expect(r.masked).toBe('Ticket [TICKET]: ping [HANDLE] or [EMAIL]');
    expect(r.counts.map((c) => c.name).sort()).toEqual(['email', 'handle', 'ticket']);
  });

  it('keeps a custom pattern named like a built-in kind apart in the counts', () => {
    const m = new PiiMasker(compileCustomPatterns([{ name: 'iban', pattern: String.raw`\bACCT\d{8}\b` }]));
    const r = m.mask('ACCT12345678 and DE89 3704 0044 0532 0130 00');
    expect(r.masked).toBe('[IBAN] and [IBAN]');
    expect(r.counts).toEqual([
      { kind: 'custom', name: 'iban', count: 1 },
      { kind: 'iban', name: 'iban', count: 1 },
    ]);
  });

  it('masks every value of a map and sums the counts', () => {
    const r = new PiiMasker().maskValues({ author: '@jane_doe', contact: 'jane@ex.org, bob@ex.org', title: 'Hello' });
    expect(r.masked).toEqual({ author: '[HANDLE]', contact: '[EMAIL], [EMAIL]', title: 'Hello' });
    expect(r.counts).toEqual([
      { kind: 'handle', name: 'handle', count: 1 },
      { kind: 'email', name: 'email', count: 2 },
    ]);
  });

  it('maps original offsets onto the masked text, widening a range over personal data to its placeholder', () => {
    const text = 'Mail jane@ex.org now';
    const { masked, spans } = masker.mask(text); // 'Mail [EMAIL] now'
    expect(toMaskedOffset(spans, 0, 'start')).toBe(0);
    expect(toMaskedOffset(spans, 5, 'start')).toBe(5);
    expect(toMaskedOffset(spans, 16, 'end')).toBe(12);
    expect(toMaskedOffset(spans, 9, 'start')).toBe(5); // inside the address
    expect(toMaskedOffset(spans, 9, 'end')).toBe(12);
    expect(masked.slice(toMaskedOffset(spans, 17, 'start'), toMaskedOffset(spans, 20, 'end'))).toBe('now');
  });

  it('refuses bad custom patterns with the reason', () => {
    expect(() => compileCustomPatterns([{ name: 'x', pattern: '(' }])).toThrow(/pattern #1 \(x\)/);
    expect(() => compileCustomPatterns([{ name: 'x', pattern: 'a*' }])).toThrow(/matches the empty string/);
    expect(() => compileCustomPatterns([{ name: 'Bad Name', pattern: 'a' }])).toThrow(/name must match/);
    expect(() => compileCustomPatterns([{ name: 'a', pattern: 'a' }, { name: 'a', pattern: 'b' }])).toThrow(/duplicate name/);
    expect(() => compileCustomPatterns([{ name: 'email', pattern: 'b' }])).toThrow(/duplicate name/);
    expect(() => compileCustomPatterns([{ name: 'a', pattern: 'a', flags: 'g' }])).toThrow(/flags/);
  });
});
