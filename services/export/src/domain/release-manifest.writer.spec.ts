import { buildManifest, classCounts, RowSummary } from './release-manifest.writer';
import { mixedOntologyVersions, normalizeSelection } from './release-selection.rule';

const row = (itemId: string, questionId: string, label: string, over: Partial<RowSummary> = {}): RowSummary => ({
  itemId,
  questionId,
  labelVersion: 1,
  label,
  status: 'active',
  ontologyVersion: 1,
  decidedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('manifest', () => {
  const rows = [
    row('i1', 'q1', 'toxic'),
    row('i2', 'q1', 'ok'),
    row('i3', 'q1', 'toxic', { labelVersion: 3, decidedAt: '2025-02-01T00:00:00.000Z' }),
    row('i3', 'q2', 'spam'),
    row('i4', 'q1', 'toxic', { status: 'excluded' }),
    row('i5', 'q3', ''),
  ];

  it('counts active labels per class per question', () => {
    expect(classCounts(rows)).toEqual([
      { question_id: 'q1', label: 'ok', count: 1 },
      { question_id: 'q1', label: 'toxic', count: 2 },
      { question_id: 'q2', label: 'spam', count: 1 },
    ]);
  });

  const selection = normalizeSelection(
    { selection: { includeExcluded: true, onlyGold: false, questionIds: ['q2', 'q1', 'q1'] }, allowMixedOntologyVersions: false },
    new Date('2025-03-01T00:00:00Z'),
  );
  const input = {
    releaseId: 'r1',
    name: 'n',
    projectId: 'p1',
    createdAt: '2025-03-01T00:00:00.000Z',
    trigger: 'api' as const,
    requestedBy: 'u1',
    parentReleaseId: null,
    selection,
    labelSchemaVersion: 1,
    rows,
    files: [{ key: 'k/labels.jsonl', format: 'jsonl' as const, media_type: 'application/x-ndjson', sha256: 'a'.repeat(64), size: 10, record_count: 6 }],
  };

  it('records counts, versions, the selection and every file; equal input → equal bytes', () => {
    const { manifest, bytes } = buildManifest(input);
    expect(manifest).toMatchObject({
      label_count: 6,
      status_counts: { active: 5, excluded: 1 },
      ontology_versions: [1],
      parent_release_id: null,
      label_versions: { count: 6, max_decided_at: '2025-02-01T00:00:00.000Z' },
      selection: { question_ids: ['q1', 'q2'], until: '2025-03-01T00:00:00.000Z', include_excluded: true },
    });
    expect(manifest.label_versions.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(buildManifest({ ...input }).bytes.equals(bytes)).toBe(true);
    const other = buildManifest({ ...input, rows: rows.map((r, i) => (i === 0 ? { ...r, labelVersion: 2 } : r)) });
    expect(other.manifest.label_versions.sha256).not.toBe(manifest.label_versions.sha256);
  });

  it('mixing ontology versions needs the explicit flag', () => {
    expect(mixedOntologyVersions(selection, [1, 1])).toBeNull();
    expect(mixedOntologyVersions(selection, [2, 1, 2])).toEqual([1, 2]);
    expect(mixedOntologyVersions({ ...selection, allow_mixed_ontology_versions: true }, [1, 2])).toBeNull();
    expect(mixedOntologyVersions({ ...selection, ontology_versions: [1, 3] }, [1])).toEqual([1, 3]);
  });
});
