import { contentSchema } from './content.schemas';

const withKey = (key: string) => ({
  source: 's',
  sourceId: 'x',
  contentType: 'image',
  payloadRef: { key, sha256: 'a'.repeat(64), size: 10 },
});

describe('contentSchema payloadRef.key', () => {
  it('accepts an ordinary key', () => {
    expect(contentSchema.safeParse(withKey('uploads/p/photo.png')).success).toBe(true);
  });

  it.each([['../../etc/passwd'], ['/abs/key'], ['uploads/../other'], ['a\u0000b'], ['a//b']])('refuses %j, naming payloadRef.key', (key) => {
    const r = contentSchema.safeParse(withKey(key));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('payloadRef.key');
  });
});

describe('contentSchema identifiers', () => {
  it.each([['source'], ['sourceId']])('refuses a control character in %s, naming it', (field) => {
    const r = contentSchema.safeParse({ source: 's', sourceId: 'x', contentType: 'text', text: 't', [field]: 'a\u0000b' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });
});
