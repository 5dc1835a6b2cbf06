import { downloadDisposition } from './release-file.use-case';

describe('downloadDisposition', () => {
  it('names the file <release name>-<file>, as an attachment', () => {
    expect(downloadDisposition('toxicity-2025-06-01', 'r1', 'labels.jsonl')).toBe('attachment; filename="toxicity-2025-06-01-labels.jsonl"');
  });

  it('falls back to the release id, and never lets a name break out of the quoted token', () => {
    expect(downloadDisposition('  ', '01a2-b', 'manifest.json')).toBe('attachment; filename="01a2-b-manifest.json"');
    expect(downloadDisposition('a"; filename=evil.html\r\nX: y', 'r', 'labels.parquet')).toBe(
      `attachment; filename="a___filename_evil.html__X__y-labels.parquet"; filename*=UTF-8''${encodeURIComponent('a"; filename=evil.html\r\nX: y-labels.parquet')}`,
    );
    expect(downloadDisposition('étiquettes v2', 'r', 'labels.jsonl')).toBe(
      `attachment; filename="_tiquettes_v2-labels.jsonl"; filename*=UTF-8''%C3%A9tiquettes%20v2-labels.jsonl`,
    );
    expect(downloadDisposition("it's (v2)*", 'r', 'labels.jsonl')).toBe(
      `attachment; filename="it_s__v2__-labels.jsonl"; filename*=UTF-8''it%27s%20%28v2%29%2A-labels.jsonl`,
    );
  });
});
