import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { ContentType, ObjectRefSchema, QuestionKind, QuestionSchema, uuidv7 } from '@verity/contracts';
import { z } from '@verity/config';
import { PiiMasker } from '@verity/pii';
import { badRequest, DATA_SOURCE, type Principal, validate } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { answerJson, toAnswer } from '../domain/answer-input.parser';
import { validateAnswer } from '../domain/answer.validator';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { normalizeLanguage, normalizeSkill } from '../domain/eligibility.rule';
import { answerToJson, objectRefToJson, questionToJson } from '../domain/proto-json.mapper';
import { GoldRepository } from '../db/gold.repository';
import { maskGoldContent } from '../domain/gold-content.masker';

const KINDS = {
  single_choice: QuestionKind.SINGLE_CHOICE,
  multiple_choice: QuestionKind.MULTIPLE_CHOICE,
  free_text: QuestionKind.FREE_TEXT,
  text_span: QuestionKind.TEXT_SPAN,
  time_segment: QuestionKind.TIME_SEGMENT,
  box: QuestionKind.BOX,
} as const;
const CONTENT = { text: ContentType.TEXT, audio: ContentType.AUDIO, video: ContentType.VIDEO, image: ContentType.IMAGE } as const;

export const goldBody = z
  .object({
    itemId: z.string().min(1).optional(),
    ontologyVersion: z.number().int().positive(),
    question: z
      .object({
        id: z.string().min(1),
        type: z.enum(Object.keys(KINDS) as [keyof typeof KINDS]),
        prompt: z.string().min(1),
        options: z.array(z.object({ id: z.string().min(1), label: z.string(), description: z.string().default('') }).strict()).default([]),
        required: z.boolean().default(true),
        minSelections: z.number().int().nonnegative().optional(),
        maxSelections: z.number().int().positive().optional(),
      })
      .strict(),
    content: z
      .object({
        type: z.enum(Object.keys(CONTENT) as [keyof typeof CONTENT]).default('text'),
        text: z.string().optional(),
        payloadRef: z
          .object({ bucket: z.string(), key: z.string().min(1), sha256: z.string(), sizeBytes: z.number().int().nonnegative(), mediaType: z.string() })
          .strict()
          .optional(),
      })
      .strict()
      .refine((c) => (c.text !== undefined) !== (c.payloadRef !== undefined), { message: 'give exactly one of text or payloadRef' }),
    guidelines: z.string().default(''),
    language: z.string().optional(),
    requiredSkills: z.array(z.string().min(1)).default([]),
    expectedAnswer: answerJson,
  })
  .strict();

/**
 * POST /v1/projects/:projectId/gold (project manager of the project, or admin): adds a gold
 * item (content, question, known answer) to the project's honeypot pool. The expected answer
 * must itself be a valid answer to the question.
 */
@Injectable()
export class RegisterGoldUseCase {
  private readonly masker = new PiiMasker();

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly projects: ProjectCopyRepository,
    private readonly gold: GoldRepository,
  ) {}

  async execute(principal: Principal, projectId: string, body: unknown): Promise<{ goldId: string; itemId: string }> {
    const { project, member } = await this.projects.standingOf(this.ds, projectId, principal.id, false);
    const isAdmin = principal.roles.includes('admin');
    if (!project || (!isAdmin && !(member?.active && member.roles.includes('project_manager')))) {
      throw new NotFoundException('project not found');
    }
    const input = validate(goldBody, body);
    const question = create(QuestionSchema, {
      questionId: input.question.id,
      kind: KINDS[input.question.type],
      prompt: input.question.prompt,
      options: input.question.options.map((o) => ({ optionId: o.id, label: o.label, description: o.description })),
      required: input.question.required,
      minSelections: input.question.minSelections,
      maxSelections: input.question.maxSelections,
    });
    const expected = toAnswer(input.expectedAnswer);
    const errors = validateAnswer(question, expected, { text: input.content.text });
    if (expected.value.case === undefined) errors.push({ field: 'expectedAnswer', reason: 'a gold item needs a known answer' });
    if (errors.length > 0) {
      throw badRequest(errors.map((e) => ({ field: e.field.replace(/^answer/, 'expectedAnswer'), reason: e.reason })), 'expectedAnswer');
    }
    const masked = maskGoldContent(this.masker, input.content.text, expected);
    const goldId = uuidv7();
    const itemId = input.itemId ?? uuidv7();
    const ref = input.content.payloadRef;
    await this.gold.insert(this.ds, projectId, {
      goldId,
      itemId,
      questionId: question.questionId,
      ontologyVersion: input.ontologyVersion,
      question: questionToJson(question),
      contentType: CONTENT[input.content.type],
      maskedText: masked.maskedText,
      payloadRef: ref ? objectRefToJson(create(ObjectRefSchema, { ...ref, sizeBytes: BigInt(ref.sizeBytes) })) : null,
      guidelines: input.guidelines,
      language: normalizeLanguage(input.language),
      requiredSkills: input.requiredSkills.map(normalizeSkill),
      expectedAnswer: answerToJson(masked.expected),
      createdBy: principal.id,
    });
    return { goldId, itemId };
  }
}
