import { create } from '@bufbuild/protobuf';
import { AnnotatorChange, AnnotatorEventSchema } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { ApplyAnnotatorEventUseCase } from './apply-annotator-event.use-case';
import type { SuspensionRepository } from '../db/suspension.repository';

describe('ApplyAnnotatorEventUseCase', () => {
  const applied: { projectId: string; suspended: boolean }[] = [];
  const repo = {
    apply: async (_db: unknown, projectId: string, s: { suspended: boolean }) => void applied.push({ projectId, ...s }),
  } as unknown as SuspensionRepository;
  const useCase = new ApplyAnnotatorEventUseCase(repo);
  const run = (change: number, suspended: boolean, projectId = 'p1') =>
    useCase.execute(
      { query: async () => [] },
      create(AnnotatorEventSchema, { envelope: { projectId }, annotatorId: 'u', change, suspended }),
      'e1',
    );

  beforeEach(() => (applied.length = 0));

  it('applies suspensions, reinstatements and the state carried by reliability updates', async () => {
    await run(AnnotatorChange.SUSPENDED, false);
    await run(AnnotatorChange.REINSTATED, true);
    await run(AnnotatorChange.RELIABILITY_UPDATED, true);
    expect(applied.map((a) => a.suspended)).toEqual([true, false, true]);
  });

  it("applies the state to the envelope's project only; without a project it is a dead letter", async () => {
    await run(AnnotatorChange.SUSPENDED, true, 'p2');
    expect(applied).toEqual([expect.objectContaining({ projectId: 'p2', suspended: true })]);
    await expect(run(AnnotatorChange.SUSPENDED, true, '')).rejects.toThrow(/project_id/);
    await expect(run(AnnotatorChange.SUSPENDED, true, '')).rejects.toBeInstanceOf(NonRetryableError);
  });

  it('ignores other changes (expert verdicts, unknown values): their suspended field means nothing', async () => {
    await run(4, false);
    await run(99, false);
    await run(AnnotatorChange.UNSPECIFIED, false);
    expect(applied).toEqual([]);
  });
});
