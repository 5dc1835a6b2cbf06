import { answerText } from './answer-text';

// Answers reach the console in proto3 JSON, which leaves out every number that is 0.
describe('answerText', () => {
  const options = [
    { id: 'product', label: 'Product', description: '' },
    { id: 'speech', label: 'Speech', description: '' },
    { id: 'circle', label: 'Circle', description: '' },
  ];

  it('shows a span from the first character as starting at 0', () => {
    expect(answerText({ textSpans: { spans: [{ end: 3, optionId: 'product', text: 'NOD' }] } }, options)).toBe('Product: “NOD” (0–3)');
  });

  it('shows a segment from the start and a box at the corner with their zeros', () => {
    expect(answerText({ timeSegments: { segments: [{ endMs: 2000, optionId: 'speech' }] } }, options)).toBe('Speech 0–2000 ms');
    expect(answerText({ boxes: { boxes: [{ width: 0.5, height: 0.25, optionId: 'circle' }] } }, options)).toBe('Circle [0, 0, 0.5×0.25]');
  });

  it('keeps the numbers that are there', () => {
    expect(answerText({ textSpans: { spans: [{ start: 4, end: 9, optionId: 'product', text: 'Great' }] } }, options)).toBe('Product: “Great” (4–9)');
  });
});
