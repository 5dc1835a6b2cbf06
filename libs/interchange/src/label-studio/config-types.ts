/** Kinds of Label Studio object tag this library reads data from. */
export type LabelStudioDataType = 'text' | 'hypertext' | 'image' | 'audio';

/** An object tag: what a task shows, read from `data[field]`. */
export interface LabelStudioDataField {
  /** The tag's `name` (what a control's `toName` and a result's `to_name` refer to). */
  name: string;
  /** The task data key, from `value="$field"`. */
  field: string;
  type: LabelStudioDataType;
}

/** One `<Choice>` of a `<Choices>`, with the Verity option id it maps to. */
export interface LabelStudioOption {
  /** Verity option id: `value` itself when it is a valid id, else a derived one (see README). */
  id: string;
  /** What Label Studio writes in a result: the `alias` if set, else the `value`. */
  value: string;
  /** What the annotator sees: the Choice's `value`. */
  label: string;
}

/** One `<Choices>` tag, as one Verity choice question. */
export interface LabelStudioQuestion {
  /** The Choices `name`: the Verity question id and the result's `from_name`. */
  id: string;
  kind: 'single' | 'multi';
  options: LabelStudioOption[];
  /** The Choices `toName`: the object tag (a data field's `name`) it labels. */
  input: string;
  /** The `<Header>` before it, else its name. */
  prompt: string;
  /** The Choices `required` attribute (Label Studio's default: false). */
  required: boolean;
  /** From `visibleWhen="choice-selected"`: shown only when the earlier question has one of these options. */
  condition?: { questionId: string; anyOf: string[] };
}

/** A labeling config reduced to what Verity can represent exactly. */
export interface LabelStudioConfig {
  questions: LabelStudioQuestion[];
  dataFields: LabelStudioDataField[];
}
