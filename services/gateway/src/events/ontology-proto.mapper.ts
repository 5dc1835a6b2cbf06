import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  Answer,
  AnswerSchema,
  OntologyVersion,
  OntologyVersionSchema,
  OptionMigration,
  OptionMigrationKind,
  OptionMigrationSchema,
  QuestionKind,
} from '@verity/contracts';
import { toContentType } from '../domain/content-types.rule';
import { OntologyVersionRecord } from '../domain/ontology-version.model';
import { ExampleAnswer, MigrationEntry, MigrationKindName, QuestionType } from '../http/ontology.schemas';

const KIND: Record<QuestionType, QuestionKind> = {
  single_choice: QuestionKind.SINGLE_CHOICE,
  multiple_choice: QuestionKind.MULTIPLE_CHOICE,
  free_text: QuestionKind.FREE_TEXT,
  text_span: QuestionKind.TEXT_SPAN,
  time_segment: QuestionKind.TIME_SEGMENT,
  box: QuestionKind.BOX,
};

function toAnswer(a: ExampleAnswer): Answer {
  if ('choice' in a) return create(AnswerSchema, { value: { case: 'choice', value: { optionIds: a.choice } } });
  if ('freeText' in a) return create(AnswerSchema, { value: { case: 'freeText', value: { text: a.freeText } } });
  if ('textSpans' in a) return create(AnswerSchema, { value: { case: 'textSpans', value: { spans: a.textSpans } } });
  if ('timeSegments' in a) {
    const segments = a.timeSegments.map((s) => ({ startMs: BigInt(s.startMs), endMs: BigInt(s.endMs), optionId: s.optionId }));
    return create(AnswerSchema, { value: { case: 'timeSegments', value: { segments } } });
  }
  const boxes = a.boxes.map((b) => ({ ...b, frameMs: b.frameMs === undefined ? undefined : BigInt(b.frameMs) }));
  return create(AnswerSchema, { value: { case: 'boxes', value: { boxes } } });
}

/** A published ontology version as the contract carries it (common/v1 OntologyVersion). */
export function toOntologyProto(o: OntologyVersionRecord): OntologyVersion {
  return create(OntologyVersionSchema, {
    version: o.version,
    publishedAt: o.publishedAt ? timestampFromDate(new Date(o.publishedAt)) : undefined,
    publishedBy: o.publishedBy ?? '',
    guidelines: {
      text: o.guidelines.text,
      examples: o.guidelines.examples.map((e) => ({ content: e.content, questionId: e.questionId, answer: toAnswer(e.answer), explanation: e.explanation })),
    },
    questions: o.questions.map((q) => ({
      questionId: q.id,
      kind: KIND[q.type as QuestionType],
      prompt: q.prompt,
      options: q.options.map((op) => ({ optionId: op.id, label: op.label, description: op.description })),
      required: q.required,
      condition: q.condition && { questionId: q.condition.questionId, anyOfOptionIds: q.condition.anyOf },
      contentTypes: q.contentTypes.map(toContentType),
      minSelections: q.minSelections,
      maxSelections: q.maxSelections,
    })),
  });
}

const MIGRATION_KIND: Record<MigrationKindName, OptionMigrationKind> = {
  rename: OptionMigrationKind.RENAME,
  merge: OptionMigrationKind.MERGE,
  split: OptionMigrationKind.SPLIT,
};

/** A migration map as the contract carries it (common/v1 OptionMigration). */
export function toMigrationsProto(migrations: readonly MigrationEntry[]): OptionMigration[] {
  return migrations.map((m) =>
    create(OptionMigrationSchema, { questionId: m.questionId, kind: MIGRATION_KIND[m.kind], fromOptionIds: m.from, toOptionIds: m.to }),
  );
}
