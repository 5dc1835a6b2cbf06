import { createEvent, ErasureEvent, newEnvelope, TOPICS } from '@verity/contracts';
import type { ObjectStore } from '@verity/storage';
import type { EntityManager } from 'typeorm';
import { EraseContentUseCase } from './erase-content.use-case';
import type { ErasureRepository, ObjectToDelete } from '../db/erasure.repository';

const BUCKET = 'verity';
const tx = {} as EntityManager;

function setup(items: Record<string, ObjectToDelete[]>) {
  const deleted: string[] = [];
  const erased: string[] = [];
  const repo = {
    resolve: jest.fn(async () => Object.keys(items)),
    erase: jest.fn(async (_tx: EntityManager, itemId: string) => {
      erased.push(itemId);
      return items[itemId];
    }),
  } as unknown as ErasureRepository;
  const store = { delete: jest.fn(async (key: string) => void deleted.push(key)) } as unknown as ObjectStore;
  return { useCase: new EraseContentUseCase(repo, store, { S3_BUCKET: BUCKET }), repo, deleted, erased };
}

const request = (value: { itemId?: string; source?: string; sourceId?: string }, projectId = 'p1'): ErasureEvent =>
  createEvent(TOPICS.erasures, {
    envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.erasures }),
    erasureId: 'er-1',
    step: { case: 'requested', value: { source: '', sourceId: '', requestedBy: 'pm', ...value } },
  });

describe('EraseContentUseCase', () => {
  it('deletes the payload and the unmasked original of each item, and announces the resolution then each item', async () => {
    const { useCase, repo, deleted, erased } = setup({
      'item-1': [
        { bucket: BUCKET, key: 'ingestion/masked/aa' },
        { bucket: BUCKET, key: 'ingestion/original/bb' },
      ],
      'item-2': [{ bucket: '', key: 'uploads/producer/cc' }],
    });
    const out = await useCase.execute(tx, request({ source: 'yt', sourceId: 'c-1' }));
    expect(repo.resolve).toHaveBeenCalledWith(tx, 'p1', { itemId: undefined, source: 'yt', sourceId: 'c-1' });
    expect(erased).toEqual(['item-1', 'item-2']);
    expect(deleted).toEqual(['ingestion/masked/aa', 'ingestion/original/bb', 'uploads/producer/cc']);
    expect(out.deleted).toBe(3);
    expect(out.announce.map((e) => [e.step.case, e.erasureId, e.envelope?.projectId])).toEqual([
      ['resolved', 'er-1', 'p1'],
      ['itemErased', 'er-1', 'p1'],
      ['itemErased', 'er-1', 'p1'],
    ]);
    expect(out.announce[0].step.value).toMatchObject({ itemIds: ['item-1', 'item-2'] });
    expect(out.announce.slice(1).map((e) => (e.step.value as { itemId: string }).itemId)).toEqual(['item-1', 'item-2']);
  });

  it("never deletes an object in another bucket (a producer's reference)", async () => {
    const { useCase, deleted } = setup({ 'item-1': [{ bucket: 'someone-elses', key: 'x/y' }] });
    const out = await useCase.execute(tx, request({ itemId: 'item-1' }));
    expect(deleted).toEqual([]);
    expect(out.deleted).toBe(0);
  });

  it('announces an empty resolution when the project holds no such item', async () => {
    const { useCase } = setup({});
    const out = await useCase.execute(tx, request({ itemId: 'unknown' }));
    expect(out.announce).toHaveLength(1);
    expect(out.announce[0].step.value).toMatchObject({ itemIds: [] });
  });

  it.each([
    ['envelope.project_id', request({ itemId: 'i' }, '')],
    ['item_id', request({ source: 'yt' })],
  ])('refuses a request without %s (dead-lettered, naming it)', async (field, ev) => {
    const { useCase } = setup({});
    await expect(useCase.execute(tx, ev)).rejects.toThrow(field);
  });
});
