import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PiiKindName, PiiMasker } from '@verity/pii';

/** One case per line of corpora/<name>.txt (blank lines skipped). */
const corpus = (name: string): string[] =>
  readFileSync(join(__dirname, 'corpora', `${name}.txt`), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0);

const KINDS: [PiiKindName, string][] = [
  ['url_secret', '[URL]'],
  ['ip_address', '[IP]'],
  ['card_number', '[CARD]'],
  ['iban', '[IBAN]'],
  ['national_id', '[ID]'],
  ['handle', '[HANDLE]'],
];

describe.each(KINDS)('the %s detector', (kind, placeholder) => {
  const masker = new PiiMasker();
  const positives = corpus(`${kind}.positive`);
  const negatives = corpus(`${kind}.negative`);

  it('has a corpus of at least 20 positives and 20 negatives', () => {
    expect(positives.length).toBeGreaterThanOrEqual(20);
    expect(negatives.length).toBeGreaterThanOrEqual(20);
  });

  it.each(positives)(`masks %s as ${placeholder}, and only it`, (line) => {
    const r = masker.mask(`see ${line} here`);
    expect(r.masked).toBe(`see ${placeholder} here`);
    expect(r.spans.map((s) => s.kind)).toEqual([kind]);
  });

  it.each(negatives)(`finds no ${kind} in %s`, (line) => {
    expect(masker.mask(`see ${line} here`).spans.filter((s) => s.kind === kind)).toEqual([]);
  });
});

describe('ordinary text', () => {
  const masker = new PiiMasker();
  it.each(corpus('ordinary.negative'))('is left as it is: %s', (line) => {
    expect(masker.mask(line).masked).toBe(line);
  });
});
