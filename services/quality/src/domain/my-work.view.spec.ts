import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { type Answer, AnswerRecordSchema, AnswerSchema, AnswerSource } from '@verity/contracts';
import { wilsonInterval } from '@verity/label-science';
import { validate } from '@verity/service-runtime';
import { BadRequestException } from '@nestjs/common';
import {
  canSeeOwnWork,
  checkAccuracy,
  decodeCursor,
  encodeCursor,
  myWorkAccuracy,
  myWorkPage,
  myWorkQuery,
  type MyWorkRow,
  toMyWorkAnswer,
} from './my-work.view';

const choice = (o: string): Answer => create(AnswerSchema, { value: { case: 'choice', value: { optionIds: [o] } } });
const recordOf = (a: Answer, ms: number) =>
  toBinary(
    AnswerRecordSchema,
    create(AnswerRecordSchema, { annotationId: 'x', annotatorId: 'ann', source: AnswerSource.HUMAN, answer: a, timeSpentMs: BigInt(ms), submittedAt: timestampFromDate(new Date(0)) }),
  );

const row = (over: Partial<MyWorkRow> = {}): MyWorkRow => ({
  annotationId: 'a-1',
  taskId: 't-1',
  itemId: 'i-1',
  questionId: 'spam',
  ontologyVersion: 1,
  record: recordOf(choice('spam'), 1500),
  submittedAt: new Date('2025-01-02T03:04:05.678Z'),
  cursorAt: '2025-01-02T03:04:05.678000Z',
  honeypot: false,
  finalLabel: null,
  finalAnswer: null,
  finalMethod: null,
  finalAt: null,
  ...over,
});

const decided = {
  finalLabel: 'ham',
  finalAnswer: toBinary(AnswerSchema, choice('ham')),
  finalMethod: 'majority_vote',
  finalAt: new Date('2025-01-02T04:00:00.000Z'),
};

const queryFaults = (q: unknown) => {
  try {
    validate(myWorkQuery, q, 'query');
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: { field: string }[] }).errors.map((e) => e.field);
  }
  return [];
};

describe('my work: query and cursor', () => {
  it('limit defaults to 50, accepts 1..200, and a bad one is a 400 naming limit', () => {
    expect(validate(myWorkQuery, {}, 'query')).toEqual({ limit: 50 });
    expect(validate(myWorkQuery, { limit: '200' }, 'query').limit).toBe(200);
    for (const limit of ['0', '201', '2.5', 'ten', '', '-1']) expect(queryFaults({ limit })).toEqual(['limit']);
  });

  it('a cursor round-trips; anything else given as after is a 400 naming after', () => {
    const c = { at: '2025-01-02T03:04:05.678901Z', annotationId: 'ann-7' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(validate(myWorkQuery, { after: encodeCursor(c) }, 'query').after).toEqual(c);
    for (const after of ['garbage', encodeCursor({ at: 'yesterday', annotationId: 'x' }), Buffer.from('[1,2]').toString('base64url')]) {
      expect(queryFaults({ after })).toEqual(['after']);
    }
  });

  it('a page of limit + 1 rows has a cursor at its last row; a short page has none', () => {
    const rows = [1, 2, 3].map((n) => row({ annotationId: `a-${n}`, cursorAt: `2025-01-0${n}T00:00:00.000000Z` }));
    const page = myWorkPage(rows, 2, null);
    expect(page.answers.map((a) => a.annotationId)).toEqual(['a-1', 'a-2']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: '2025-01-02T00:00:00.000000Z', annotationId: 'a-2' });
    expect(myWorkPage(rows, 3, null).nextCursor).toBeNull();
    expect(myWorkPage([], 3, null)).toEqual({ answers: [], nextCursor: null, accuracy: null });
  });
});

describe('my work: who sees it', () => {
  const person = { kind: 'user', id: 'u1' };
  it('only a person who is an active annotator member of a project quality knows', () => {
    expect(canSeeOwnWork(person, {}, { roles: ['annotator'], active: true })).toBe(true);
    expect(canSeeOwnWork(person, null, { roles: ['annotator'], active: true })).toBe(false);
    expect(canSeeOwnWork(person, {}, null)).toBe(false);
    expect(canSeeOwnWork(person, {}, { roles: ['annotator'], active: false })).toBe(false);
    expect(canSeeOwnWork(person, {}, { roles: ['project_manager'], active: true })).toBe(false);
    expect(canSeeOwnWork({ kind: 'api_key', id: 'k1' }, {}, { roles: ['annotator'], active: true })).toBe(false);
  });
});

describe('my work: the answer view', () => {
  it('shows the answer as submitted, time spent, and the final label once decided', () => {
    const open = toMyWorkAnswer(row());
    expect(open).toEqual({
      annotationId: 'a-1',
      taskId: 't-1',
      itemId: 'i-1',
      questionId: 'spam',
      ontologyVersion: 1,
      answer: { choice: { optionIds: ['spam'] } },
      submittedAt: '2025-01-02T03:04:05.678Z',
      timeSpentMs: 1500,
      finalLabel: null,
    });
    expect(toMyWorkAnswer(row(decided)).finalLabel).toEqual({
      label: 'ham',
      answer: { choice: { optionIds: ['ham'] } },
      method: 'majority_vote',
      decidedAt: '2025-01-02T04:00:00.000Z',
    });
  });

  it('a honeypot answer looks exactly like an undecided real answer: same keys, no check data, final label null even if one were joined', () => {
    const real = toMyWorkAnswer(row());
    const honeypot = toMyWorkAnswer(row({ honeypot: true }));
    const leaked = toMyWorkAnswer(row({ honeypot: true, ...decided }));
    expect(honeypot).toEqual(real);
    expect(leaked).toEqual(real);
    expect(Object.keys(honeypot)).toEqual(Object.keys(toMyWorkAnswer(row(decided))));
    expect(JSON.stringify(leaked)).not.toMatch(/honeypot|expected|gold|ham/i);
  });
});

describe('my work: accuracy', () => {
  it('is correct / total with the library\'s 95 % Wilson interval', () => {
    const a = checkAccuracy(8, 10);
    const w = wilsonInterval(8, 10);
    if (!w.defined) throw new Error('defined');
    expect(a).toEqual({ correct: 8, total: 10, rate: 0.8, low: w.value.low, high: w.value.high });
    // Hand-checked: Wilson 95 % for 8/10 is [0.490, 0.943].
    expect(a.low).toBeCloseTo(0.49, 2);
    expect(a.high).toBeCloseTo(0.943, 3);
  });

  it('before the first check: zero counts and null figures', () => {
    expect(myWorkAccuracy(undefined)).toEqual({
      gold: { correct: 0, total: 0, rate: null, low: null, high: null },
      honeypots: { correct: 0, total: 0, rate: null, low: null, high: null },
    });
    const m = myWorkAccuracy({ goldAnswered: 2, goldCorrect: 1, honeypotsAnswered: 1, honeypotsCorrect: 1 });
    expect(m.gold).toMatchObject({ correct: 1, total: 2, rate: 0.5 });
    expect(m.honeypots).toMatchObject({ correct: 1, total: 1, rate: 1, high: 1 });
  });
});
