import { InterchangeError } from '../interchange-error';
import type { LabelStudioConfig, LabelStudioDataField } from './config-types';

/** The data field whose text becomes Verity content. */
export function textFieldOf(config: LabelStudioConfig, wanted?: string): LabelStudioDataField {
  const texts = config.dataFields.filter((f) => f.type === 'text' || f.type === 'hypertext');
  if (wanted !== undefined) {
    const f = texts.find((t) => t.field === wanted || t.name === wanted);
    if (!f)
      throw new InterchangeError(
        'textField',
        `"${wanted}" is not the field or name of a Text or HyperText tag (have: ${texts.map((t) => t.field).join(', ') || 'none'})`,
      );
    return f;
  }
  if (texts.length === 1) return texts[0];
  if (texts.length === 0)
    throw new InterchangeError('(config)', 'has no Text or HyperText tag: Verity content is text');
  throw new InterchangeError(
    'textField',
    `the config shows several text fields (${texts.map((t) => t.field).join(', ')}); choose one`,
  );
}
