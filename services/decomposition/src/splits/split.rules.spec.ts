import { create } from '@bufbuild/protobuf';
import { AnswerSchema, createEvent, newEnvelope, OptionMigrationKind, OptionMigrationSchema, ProjectChange, RelabelPolicy, TOPICS } from '@verity/contracts';
import { currentMigrationsOf, labelOptions, splitCovers, splitOptionsOf } from './split.rules';

const entry = (questionId: string, kind: OptionMigrationKind, from: string[], to: string[]) =>
  create(OptionMigrationSchema, { questionId, kind, fromOptionIds: from, toOptionIds: to });
const split = entry('q1', OptionMigrationKind.SPLIT, ['other'], ['neutral', 'off_topic']);
const rename = entry('q1', OptionMigrationKind.RENAME, ['toxic'], ['abusive']);

describe('split rules', () => {
  it('takes the published map of the current version, else current_migrations, else none', () => {
    const event = (published: boolean, current = [rename]) =>
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId: 'p', spec: TOPICS.projects }),
        change: published ? ProjectChange.ONTOLOGY_PUBLISHED : ProjectChange.UPDATED,
        project: { projectId: 'p', revision: 2n, currentOntology: { version: 2 }, currentMigrations: current },
        ontologyPublished: published ? { ontologyVersion: 2, previousVersion: 1, relabelPolicy: RelabelPolicy.KEEP, migrations: [split] } : undefined,
      });
    expect(currentMigrationsOf(event(true))).toEqual([split]);
    expect(currentMigrationsOf(event(false))).toEqual([rename]);
    expect(currentMigrationsOf(event(false, []))).toEqual([]);
  });

  it('a split covers a label naming its option, through the label or the answer; renames and other questions do not', () => {
    expect(splitOptionsOf([split, rename], 'q1')).toEqual(['other']);
    expect(splitOptionsOf([split], 'q2')).toEqual([]);
    const multi = labelOptions({ label: '', answer: create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ['toxic', 'other'] } } }) });
    expect(multi).toEqual(['toxic', 'other']);
    expect(splitCovers([{ migrations: [rename] }, { migrations: [split] }], 'q1', multi)).toBe(true);
    expect(splitCovers([{ migrations: [split, rename] }], 'q1', ['toxic'])).toBe(false);
    expect(splitCovers([{ migrations: [split] }], 'q2', ['other'])).toBe(false);
  });
});
