import type { LabelStudioConfig, LabelStudioDataType } from './config-types';

/**
 * The body of a draft ontology version as the gateway takes it (PUT of a draft: the shape of
 * `ontologyDraftSchema` in the gateway, which this lib may not import). Choice questions only.
 */
export interface OntologyDraftBody {
  guidelines: { text: string; examples: never[] };
  questions: {
    id: string;
    type: 'single_choice' | 'multiple_choice';
    prompt: string;
    options: { id: string; label: string; description: string }[];
    required: boolean;
    contentTypes: ('text' | 'image' | 'audio')[];
    condition?: { questionId: string; anyOf: string[] };
  }[];
}

const CONTENT_TYPE: Record<LabelStudioDataType, 'text' | 'image' | 'audio'> = {
  text: 'text',
  hypertext: 'text',
  image: 'image',
  audio: 'audio',
};

/** A parsed labeling config as a Verity ontology draft: one choice question per `<Choices>`. */
export function ontologyDraftOf(config: LabelStudioConfig, guidelines = ''): OntologyDraftBody {
  const fields = new Map(config.dataFields.map((f) => [f.name, f]));
  return {
    guidelines: { text: guidelines, examples: [] },
    questions: config.questions.map((q) => ({
      id: q.id,
      type: q.kind === 'multi' ? 'multiple_choice' : 'single_choice',
      prompt: q.prompt,
      options: q.options.map((o) => ({
        id: o.id,
        label: o.label,
        description:
          o.value !== o.label || o.value !== o.id ? `Label Studio value: ${o.value}` : '',
      })),
      required: q.required,
      contentTypes: [CONTENT_TYPE[fields.get(q.input)!.type]],
      ...(q.condition
        ? { condition: { questionId: q.condition.questionId, anyOf: [...q.condition.anyOf] } }
        : {}),
    })),
  };
}
