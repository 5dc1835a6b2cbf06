import type { Question } from '@verity/contracts';

/** Version of the prompt template; travels in ModelInfo.prompt_version. Bump on any change below. */
export const PROMPT_VERSION = 'choice-json/v1';

export interface GoldExample {
  text: string;
  optionId: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const MAX_TEXT_CHARS = 6000;
const clip = (s: string, n = MAX_TEXT_CHARS) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The JSON schema the answer is constrained to: one of the question's option ids and a confidence. */
export function answerSchema(question: Question) {
  return {
    type: 'object',
    properties: {
      option_id: { type: 'string', enum: question.options.map((o) => o.optionId) },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
    },
    required: ['option_id', 'confidence'],
    additionalProperties: false,
  } as const;
}

/**
 * Messages for one single-choice task: the system message carries the guidelines, the question
 * and its options (id, label, description); gold examples follow as user/assistant turns; the
 * item's masked text comes last. The model answers only with the JSON object.
 */
export function buildPrompt(args: { guidelines: string; question: Question; text: string; examples: GoldExample[] }): ChatMessage[] {
  const options = args.question.options
    .map((o) => `- ${o.optionId}: ${o.label || o.optionId}${o.description ? ` — ${o.description}` : ''}`)
    .join('\n');
  const system = [
    'You are an annotation assistant. Follow the project guidelines exactly.',
    '',
    '## Guidelines',
    args.guidelines.trim() || '(none)',
    '',
    '## Question',
    args.question.prompt,
    '',
    '## Options (answer with exactly one option_id)',
    options,
    '',
    'Reply with a JSON object {"option_id": <one of the ids above>, "confidence": <probability in [0,1] that your answer is correct>} and nothing else.',
  ].join('\n');
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  for (const e of args.examples) {
    messages.push({ role: 'user', content: `Item:\n${clip(e.text, 1000)}` });
    messages.push({ role: 'assistant', content: JSON.stringify({ option_id: e.optionId, confidence: 1 }) });
  }
  messages.push({ role: 'user', content: `Item:\n${clip(args.text)}` });
  return messages;
}
