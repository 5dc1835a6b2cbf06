import { create } from '@bufbuild/protobuf';
import { AnnotatorChange, AnnotatorEventSchema } from '@verity/contracts';
import { ApplyAnnotatorEventUseCase } from './apply-annotator-event.use-case';
import type { SuspensionRepository } from './suspension.repository';

describe('ApplyAnnotatorEventUseCase', () => {
  const applied: { suspended: boolean }[] = [];
  const repo = { apply: async (_db: unknown, s: { suspended: boolean }) => void applied.push(s) } as unknown as SuspensionRepository;
  const useCase = new ApplyAnnotatorEventUseCase(repo);
  const run = (change: number, suspended: boolean) =>
    useCase.execute({ query: async () => [] }, create(AnnotatorEventSchema, { annotatorId: 'u', change, suspended }), 'e1');

  beforeEach(() => (applied.length = 0));

  it('applies suspensions, reinstatements and the state carried by reliability updates', async () => {
    await run(AnnotatorChange.SUSPENDED, false);
    await run(AnnotatorChange.REINSTATED, true);
    await run(AnnotatorChange.RELIABILITY_UPDATED, true);
    expect(applied.map((a) => a.suspended)).toEqual([true, false, true]);
  });

  it('ignores other changes (expert verdicts, unknown values): their suspended field means nothing', async () => {
    await run(4, false);
    await run(99, false);
    await run(AnnotatorChange.UNSPECIFIED, false);
    expect(applied).toEqual([]);
  });
});
