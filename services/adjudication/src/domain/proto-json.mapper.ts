import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import {
  AdjudicationEventSchema,
  AnswerSchema,
  DecisionEventSchema,
  GuidelinesSchema,
  QuestionSchema,
  type AdjudicationEvent,
  type Answer,
  type DecisionEvent,
  type Guidelines,
  type Question,
} from '@verity/contracts';

/** Protobuf messages stored as jsonb use the canonical protobuf JSON mapping (lossless). */
export const requestToJson = (e: AdjudicationEvent) => toJson(AdjudicationEventSchema, e);
export const requestFromJson = (j: unknown) => fromJson(AdjudicationEventSchema, j as JsonValue);
export const decisionToJson = (e: DecisionEvent) => toJson(DecisionEventSchema, e);
export const decisionFromJson = (j: unknown) => fromJson(DecisionEventSchema, j as JsonValue);
export const questionToJson = (q: Question) => toJson(QuestionSchema, q);
export const questionFromJson = (j: unknown) => fromJson(QuestionSchema, j as JsonValue);
export const guidelinesToJson = (g: Guidelines) => toJson(GuidelinesSchema, g);
export const guidelinesFromJson = (j: unknown) => fromJson(GuidelinesSchema, j as JsonValue);
export const answerToJson = (a: Answer) => toJson(AnswerSchema, a);
export const answerFromJson = (j: unknown) => fromJson(AnswerSchema, j as JsonValue);
