import { publishSchema } from '../http/ontology.schemas';
import { mapCycles, validateMigrations, VersionQuestions } from './migration.validator';

const options = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase(), description: '' }));
const v1: VersionQuestions = {
  version: 1,
  questions: [
    { id: 'q1', options: options('a', 'b', 'c', 'd') },
    { id: 'gone', options: options('x') },
  ],
};
const v2: VersionQuestions = {
  version: 2,
  questions: [
    { id: 'q1', options: options('a', 'b', 'c', 'd', 'e', 'f') },
    { id: 'new', options: options('y') },
  ],
};
const map = (...entries: unknown[]) => publishSchema.parse({ relabelPolicy: 'keep', migrations: entries }).migrations!;
const check = (...entries: unknown[]) => validateMigrations(v1, v2, map(...entries));

describe('validateMigrations', () => {
  it('accepts a sound map: rename, merge (keeping one of its options) and split', () => {
    expect(
      check(
        { questionId: 'q1', kind: 'rename', from: ['a'], to: ['e'] },
        { questionId: 'q1', kind: 'merge', from: ['b', 'c'], to: ['c'] },
        { questionId: 'q1', kind: 'split', from: ['d'], to: ['d', 'f'] },
      ),
    ).toEqual([]);
    expect(validateMigrations(v1, v2, [])).toEqual([]);
  });

  it('accepts a chain that does not loop (entries apply at once, never chained)', () => {
    expect(check({ questionId: 'q1', kind: 'rename', from: ['a'], to: ['b'] }, { questionId: 'q1', kind: 'rename', from: ['b'], to: ['e'] })).toEqual([]);
  });

  it('refuses a map on the first version', () => {
    expect(validateMigrations(undefined, v2, map({ questionId: 'q1', kind: 'rename', from: ['a'], to: ['e'] }))).toEqual([
      { field: 'migrations', reason: 'version 2 is the first published version: there is nothing to migrate from' },
    ]);
  });

  it('names a from option that is not an option of the previous version', () => {
    expect(check({ questionId: 'q1', kind: 'rename', from: ['x'], to: ['e'] })).toEqual([
      { field: 'migrations.0.from.0', reason: 'option "x" is not an option of question q1 in version 1' },
    ]);
  });

  it('names a to option that is not an option of the new version', () => {
    expect(check({ questionId: 'q1', kind: 'split', from: ['a'], to: ['e', 'z'] })).toEqual([
      { field: 'migrations.0.to.1', reason: 'option "z" is not an option of question q1 in version 2' },
    ]);
  });

  it('names a question missing from either version', () => {
    expect(
      check(
        { questionId: 'nope', kind: 'rename', from: ['a'], to: ['e'] },
        { questionId: 'gone', kind: 'rename', from: ['x'], to: ['y'] },
        { questionId: 'new', kind: 'rename', from: ['x'], to: ['y'] },
      ),
    ).toEqual([
      { field: 'migrations.0.questionId', reason: 'question "nope" is not a question of version 1' },
      { field: 'migrations.0.questionId', reason: 'question "nope" is not a question of version 2' },
      { field: 'migrations.1.questionId', reason: 'question "gone" is not a question of version 2' },
      { field: 'migrations.2.questionId', reason: 'question "new" is not a question of version 1' },
    ]);
  });

  it('names the wrong arity of each kind', () => {
    expect(
      check(
        { questionId: 'q1', kind: 'rename', from: ['a', 'b'], to: ['e', 'f'] },
        { questionId: 'q1', kind: 'merge', from: ['c'], to: [] },
        { questionId: 'q1', kind: 'split', from: [], to: ['f'] },
      ),
    ).toEqual([
      { field: 'migrations.0.from', reason: 'a rename maps exactly one option (from has 2)' },
      { field: 'migrations.0.to', reason: 'a rename maps to exactly one option (to has 2)' },
      { field: 'migrations.1.from', reason: 'a merge maps two or more options (from has 1)' },
      { field: 'migrations.1.to', reason: 'a merge maps to exactly one option (to has 0)' },
      { field: 'migrations.2.from', reason: 'a split maps exactly one option (from has 0)' },
      { field: 'migrations.2.to', reason: 'a split maps to two or more options (to has 1)' },
    ]);
  });

  it('names an option mapped twice, and an option twice in one list', () => {
    expect(
      check(
        { questionId: 'q1', kind: 'rename', from: ['a'], to: ['e'] },
        { questionId: 'q1', kind: 'merge', from: ['b', 'a'], to: ['f'] },
        { questionId: 'q1', kind: 'split', from: ['c'], to: ['e', 'e'] },
      ),
    ).toEqual([
      { field: 'migrations.1.from.1', reason: 'option "a" of question q1 is already mapped by migrations.0' },
      { field: 'migrations.2.to.1', reason: 'option "e" appears twice in to' },
    ]);
  });

  it('names a rename to itself', () => {
    expect(check({ questionId: 'q1', kind: 'rename', from: ['a'], to: ['a'] })).toEqual([
      { field: 'migrations.0.to.0', reason: 'a rename of option "a" to itself changes nothing' },
    ]);
  });

  it('names a cycle once: a swap, and a longer loop through a merge and a split', () => {
    expect(check({ questionId: 'q1', kind: 'rename', from: ['a'], to: ['b'] }, { questionId: 'q1', kind: 'rename', from: ['b'], to: ['a'] })).toEqual([
      { field: 'migrations.0', reason: 'cycle in the map of question q1: a → b → a (migrations.0, migrations.1)' },
    ]);
    expect(
      check(
        { questionId: 'q1', kind: 'merge', from: ['c', 'd'], to: ['e'] },
        { questionId: 'q1', kind: 'rename', from: ['a'], to: ['c'] },
        { questionId: 'q1', kind: 'split', from: ['b'], to: ['a', 'f'] },
      ),
    ).toEqual([]);
    const loop = check(
      { questionId: 'q1', kind: 'rename', from: ['a'], to: ['b'] },
      { questionId: 'q1', kind: 'merge', from: ['b', 'd'], to: ['c'] },
      { questionId: 'q1', kind: 'split', from: ['c'], to: ['a', 'f'] },
    );
    expect(loop).toEqual([{ field: 'migrations.0', reason: 'cycle in the map of question q1: a → b → c → a (migrations.0, migrations.1, migrations.2)' }]);
  });

  it('reports every fault at once', () => {
    const faults = check(
      { questionId: 'q1', kind: 'rename', from: ['x'], to: ['z'] },
      { questionId: 'nope', kind: 'merge', from: ['a'], to: ['e'] },
      { questionId: 'q1', kind: 'rename', from: ['b'], to: ['c'] },
      { questionId: 'q1', kind: 'rename', from: ['c'], to: ['b'] },
    );
    expect(faults.map((f) => f.field)).toEqual([
      'migrations.0.from.0',
      'migrations.0.to.0',
      'migrations.1.from',
      'migrations.1.questionId',
      'migrations.1.questionId',
      'migrations.2',
    ]);
  });

  it('finds cycles per question only', () => {
    expect(
      mapCycles([
        { questionId: 'q1', from: ['a'], to: ['b'] },
        { questionId: 'q2', from: ['b'], to: ['a'] },
      ]),
    ).toEqual([]);
  });

  it('refuses an unknown kind and unknown keys by shape', () => {
    expect(publishSchema.safeParse({ migrations: [{ questionId: 'q1', kind: 'move', from: ['a'], to: ['b'] }] }).success).toBe(false);
    expect(publishSchema.safeParse({ migrations: [{ questionId: 'q1', kind: 'rename', from: ['a'], to: ['b'], extra: 1 }] }).success).toBe(false);
  });
});
