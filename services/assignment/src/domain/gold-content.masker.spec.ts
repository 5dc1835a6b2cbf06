import { create } from '@bufbuild/protobuf';
import { AnswerSchema } from '@verity/contracts';
import { PiiMasker } from '@verity/pii';
import { maskGoldContent } from './gold-content.masker';

describe('maskGoldContent', () => {
  const masker = new PiiMasker();

  it('masks the text and moves text spans onto it, a span over personal data onto the placeholder', () => {
    const text = 'Hi, mail jane@example.com or call Bob';
    const expected = create(AnswerSchema, {
      value: {
        case: 'textSpans',
        value: {
          spans: [
            { start: 9, end: 25, optionId: 'contact', text: 'jane@example.com' },
            { start: 34, end: 37, optionId: 'person', text: 'Bob' },
          ],
        },
      },
    });
    const r = maskGoldContent(masker, text, expected);
    expect(r.maskedText).toBe('Hi, mail [EMAIL] or call Bob');
    const spans = r.expected.value.case === 'textSpans' ? r.expected.value.value.spans : [];
    expect(spans.map((s) => [s.start, s.end, s.text])).toEqual([
      [9, 16, '[EMAIL]'],
      [25, 28, 'Bob'],
    ]);
    expect(JSON.stringify(r)).not.toContain('jane@example.com');
  });

  it('masks a free-text expected answer and leaves payload gold alone', () => {
    const free = create(AnswerSchema, { value: { case: 'freeText', value: { text: 'from @jane_doe' } } });
    const r = maskGoldContent(masker, 'ping @jane_doe', free);
    expect(r.maskedText).toBe('ping [HANDLE]');
    expect(r.expected.value.case === 'freeText' && r.expected.value.value.text).toBe('from [HANDLE]');
    const choice = create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ['a'] } } });
    expect(maskGoldContent(masker, undefined, choice)).toEqual({ maskedText: null, expected: choice });
  });
});
