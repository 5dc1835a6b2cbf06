import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import {
  AnswerSchema,
  ModelInfoSchema,
  ObjectRefSchema,
  QuestionSchema,
  type Answer,
  type ModelInfo,
  type ObjectRef,
  type Question,
} from '@verity/contracts';

/** Protobuf messages stored as jsonb use the canonical protobuf JSON mapping (lossless). */
export const questionToJson = (q: Question) => toJson(QuestionSchema, q);
export const questionFromJson = (j: unknown) => fromJson(QuestionSchema, j as JsonValue);
export const answerToJson = (a: Answer) => toJson(AnswerSchema, a);
export const answerFromJson = (j: unknown) => fromJson(AnswerSchema, j as JsonValue);
export const objectRefToJson = (r: ObjectRef) => toJson(ObjectRefSchema, r);
export const objectRefFromJson = (j: unknown) => fromJson(ObjectRefSchema, j as JsonValue);
export const modelToJson = (m: ModelInfo) => toJson(ModelInfoSchema, m);
export const modelFromJson = (j: unknown) => fromJson(ModelInfoSchema, j as JsonValue);
