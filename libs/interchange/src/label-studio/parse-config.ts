import { InterchangeError } from '../interchange-error';
import { parseXml, type XmlElement } from '../xml/parse-xml';
import type {
  LabelStudioConfig,
  LabelStudioDataField,
  LabelStudioDataType,
  LabelStudioOption,
  LabelStudioQuestion,
} from './config-types';
import { optionIdOf, VERITY_ID } from './option-id';

/** Label Studio matches tag and attribute names without regard to case; so does this reader. */
const DATA_TAGS: Record<string, LabelStudioDataType> = {
  text: 'text',
  hypertext: 'hypertext',
  image: 'image',
  audio: 'audio',
};
const CHOICES_ATTRS = new Set([
  'name',
  'toname',
  'choice',
  'showinline',
  'required',
  'requiredmessage',
  'visiblewhen',
  'whentagname',
  'whenchoicevalue',
  'layout',
  'classname',
  'style',
  'perregion',
  'allownested',
  'value',
]);
const CHOICE_ATTRS = new Set([
  'value',
  'alias',
  'selected',
  'hotkey',
  'hint',
  'html',
  'style',
  'background',
  'color',
]);
const VIEW_ATTRS = new Set(['style', 'classname', 'idattr']);
const HEADER_ATTRS = new Set(['value', 'size', 'style', 'underline', 'classname']);

/** The error for a tag: `tag <Rating name="rating">: has no exact Verity mapping (…)`. */
export class LabelStudioConfigError extends InterchangeError {
  constructor(
    readonly tag: string,
    reason: string,
  ) {
    super(`tag ${tag}`, reason);
    this.name = 'LabelStudioConfigError';
  }
}

const describe = (el: XmlElement): string => {
  const name = attr(el, 'name');
  return `<${el.name}${name !== undefined ? ` name="${name}"` : ''}> (line ${el.line})`;
};

function attr(el: XmlElement, key: string): string | undefined {
  for (const [k, v] of Object.entries(el.attributes)) if (k.toLowerCase() === key) return v;
  return undefined;
}

/**
 * Reads a Label Studio labeling config into Verity choice questions and the task data fields
 * they label. Understood: View, Header, Text, HyperText, Image, Audio, Choices, Choice. Every
 * other tag, and every Choices feature without an exact Verity counterpart (per-region,
 * dynamic or nested choices, visibility rules other than "choice-selected"), throws a
 * LabelStudioConfigError naming the tag and the reason.
 */
export function parseLabelStudioConfig(xml: string): LabelStudioConfig {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof InterchangeError)
      throw new LabelStudioConfigError('(config)', `is not well-formed XML: ${e.message}`);
    throw e;
  }
  if (root.name.toLowerCase() !== 'view')
    throw new LabelStudioConfigError(describe(root), 'the root tag must be <View>');

  const dataFields: LabelStudioDataField[] = [];
  const choicesTags: { el: XmlElement; prompt?: string }[] = [];
  const names = new Map<string, XmlElement>();
  let pendingHeader: string | undefined;

  const claimName = (el: XmlElement): string => {
    const name = attr(el, 'name');
    if (!name) throw new LabelStudioConfigError(describe(el), 'needs a "name"');
    const first = names.get(name);
    if (first)
      throw new LabelStudioConfigError(
        describe(el),
        `name "${name}" is already used by ${describe(first)}`,
      );
    names.set(name, el);
    return name;
  };

  const visit = (el: XmlElement) => {
    const tag = el.name.toLowerCase();
    if (tag === 'view') {
      onlyAttributes(el, VIEW_ATTRS);
      noText(el);
      el.children.forEach(visit);
    } else if (tag === 'header') {
      onlyAttributes(el, HEADER_ATTRS);
      noChildren(el);
      pendingHeader = attr(el, 'value') ?? (el.text || undefined);
    } else if (tag in DATA_TAGS) {
      // An object tag's other attributes only change how the data is shown.
      noChildren(el);
      noText(el);
      dataFields.push(dataFieldOf(el, claimName(el), DATA_TAGS[tag]));
    } else if (tag === 'choices') {
      onlyAttributes(el, CHOICES_ATTRS);
      noText(el);
      claimName(el);
      choicesTags.push({ el, prompt: pendingHeader });
      pendingHeader = undefined;
    } else if (tag === 'choice') {
      throw new LabelStudioConfigError(describe(el), 'a <Choice> must be inside a <Choices>');
    } else if (tag.endsWith('labels')) {
      throw new LabelStudioConfigError(
        describe(el),
        'has no exact Verity mapping: region labels (spans, boxes, segments) are not converted by this library; only whole-task <Choices> are',
      );
    } else {
      throw new LabelStudioConfigError(
        describe(el),
        'has no exact Verity mapping; supported tags are View, Header, Text, HyperText, Image, Audio, Choices and Choice',
      );
    }
  };
  root.children.forEach(visit);
  onlyAttributes(root, VIEW_ATTRS);
  noText(root);

  const fieldsByName = new Map(dataFields.map((f) => [f.name, f]));
  const questions: LabelStudioQuestion[] = [];
  for (const { el, prompt } of choicesTags)
    questions.push(questionOf(el, prompt, fieldsByName, questions));
  if (questions.length === 0)
    throw new LabelStudioConfigError(
      describe(root),
      'has no <Choices>: there is nothing Verity could ask',
    );
  return { questions, dataFields };
}

function dataFieldOf(
  el: XmlElement,
  name: string,
  type: LabelStudioDataType,
): LabelStudioDataField {
  const value = attr(el, 'value') ?? '';
  const m = /^\$([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(value);
  if (!m)
    throw new LabelStudioConfigError(
      describe(el),
      `"value" must name one task data field as "$field" (got "${value}")`,
    );
  const valueType = attr(el, 'valuetype');
  if (
    (type === 'text' || type === 'hypertext') &&
    valueType !== undefined &&
    valueType !== 'text'
  ) {
    throw new LabelStudioConfigError(
      describe(el),
      `valueType="${valueType}" loads the text from elsewhere; Verity imports the text held in the task`,
    );
  }
  return { name, field: m[1], type };
}

function questionOf(
  el: XmlElement,
  prompt: string | undefined,
  fields: Map<string, LabelStudioDataField>,
  earlier: LabelStudioQuestion[],
): LabelStudioQuestion {
  const at = describe(el);
  const id = attr(el, 'name') as string;
  if (!VERITY_ID.test(id))
    throw new LabelStudioConfigError(
      at,
      `name "${id}" is not a valid Verity question id (1-100 of letters, digits, _ . : -)`,
    );
  const toName = attr(el, 'toname');
  if (!toName) throw new LabelStudioConfigError(at, 'needs a "toName"');
  if (!fields.has(toName)) {
    throw new LabelStudioConfigError(
      at,
      `toName "${toName}" names no Text, HyperText, Image or Audio tag${toName.includes(',') ? ' (one question labels exactly one object)' : ''}`,
    );
  }
  if (isTrue(attr(el, 'perregion')))
    throw new LabelStudioConfigError(
      at,
      'has no exact Verity mapping: perRegion choices label regions, not the task',
    );
  if (isTrue(attr(el, 'allownested')))
    throw new LabelStudioConfigError(
      at,
      'has no exact Verity mapping: nested (taxonomy-like) choices',
    );
  if (attr(el, 'value') !== undefined)
    throw new LabelStudioConfigError(
      at,
      'has no exact Verity mapping: dynamic choices (loaded from the task) are not a fixed option list',
    );
  const choice = attr(el, 'choice') ?? 'single';
  if (!['single', 'single-radio', 'multiple'].includes(choice))
    throw new LabelStudioConfigError(
      at,
      `choice="${choice}" must be single, single-radio or multiple`,
    );

  const options: LabelStudioOption[] = [];
  const byValue = new Map<string, LabelStudioOption>();
  const byId = new Map<string, LabelStudioOption>();
  for (const child of el.children) {
    const where = `${describe(child)} in ${at}`;
    if (child.name.toLowerCase() !== 'choice')
      throw new LabelStudioConfigError(where, 'only <Choice> tags may be inside a <Choices>');
    onlyAttributes(child, CHOICE_ATTRS, where);
    if (child.children.length > 0)
      throw new LabelStudioConfigError(where, 'has no exact Verity mapping: nested choices');
    if (child.text)
      throw new LabelStudioConfigError(
        where,
        'text inside a <Choice> is not read; put it in "value"',
      );
    const label = attr(child, 'value');
    if (label === undefined || !label.trim())
      throw new LabelStudioConfigError(where, 'needs a non-empty "value"');
    const value = attr(child, 'alias') ?? label;
    const optionId = optionIdOf(value);
    if (!optionId)
      throw new LabelStudioConfigError(where, `value "${value}" leaves no usable option id`);
    if (byValue.has(value))
      throw new LabelStudioConfigError(where, `the choice "${value}" is given twice`);
    const clash = byId.get(optionId);
    if (clash)
      throw new LabelStudioConfigError(
        where,
        `the choices "${clash.value}" and "${value}" would both become option id "${optionId}"`,
      );
    const option = { id: optionId, value, label };
    options.push(option);
    byValue.set(value, option);
    byId.set(optionId, option);
  }
  if (options.length === 0) throw new LabelStudioConfigError(at, 'has no <Choice>');

  const question: LabelStudioQuestion = {
    id,
    kind: choice === 'multiple' ? 'multi' : 'single',
    options,
    input: toName,
    prompt: prompt?.trim() || id,
    required: isTrue(attr(el, 'required')),
  };
  const condition = conditionOf(el, at, earlier);
  if (condition) question.condition = condition;
  return question;
}

/** `visibleWhen="choice-selected"` on an earlier Choices is Verity's question condition. */
function conditionOf(
  el: XmlElement,
  at: string,
  earlier: LabelStudioQuestion[],
): LabelStudioQuestion['condition'] {
  const when = attr(el, 'visiblewhen');
  const tagName = attr(el, 'whentagname');
  const values = attr(el, 'whenchoicevalue');
  if (when === undefined) {
    if (tagName !== undefined || values !== undefined)
      throw new LabelStudioConfigError(
        at,
        'whenTagName and whenChoiceValue need visibleWhen="choice-selected"',
      );
    return undefined;
  }
  if (when !== 'choice-selected')
    throw new LabelStudioConfigError(
      at,
      `has no exact Verity mapping: visibleWhen="${when}" (only "choice-selected" is a Verity condition)`,
    );
  if (!tagName)
    throw new LabelStudioConfigError(
      at,
      'visibleWhen="choice-selected" needs whenTagName (the Choices it depends on)',
    );
  const target = earlier.find((q) => q.id === tagName);
  if (!target)
    throw new LabelStudioConfigError(
      at,
      `whenTagName "${tagName}" must name a <Choices> that comes before it`,
    );
  if (values === undefined)
    return { questionId: target.id, anyOf: target.options.map((o) => o.id) };
  const anyOf = values.split(',').map((v) => {
    const option = target.options.find((o) => o.value === v.trim() || o.label === v.trim());
    if (!option)
      throw new LabelStudioConfigError(
        at,
        `whenChoiceValue "${v.trim()}" is not a choice of "${target.id}"`,
      );
    return option.id;
  });
  return { questionId: target.id, anyOf: [...new Set(anyOf)] };
}

function onlyAttributes(el: XmlElement, known: ReadonlySet<string>, where = describe(el)): void {
  for (const k of Object.keys(el.attributes)) {
    if (!known.has(k.toLowerCase()))
      throw new LabelStudioConfigError(
        where,
        `attribute "${k}" is not understood, so the mapping would not be exact`,
      );
  }
}

function noChildren(el: XmlElement): void {
  if (el.children.length > 0)
    throw new LabelStudioConfigError(describe(el), `may not contain <${el.children[0].name}>`);
}

function noText(el: XmlElement): void {
  if (el.text)
    throw new LabelStudioConfigError(
      describe(el),
      `text directly inside it ("${el.text.slice(0, 40)}") is not understood`,
    );
}

const isTrue = (v: string | undefined) => v !== undefined && v.toLowerCase() === 'true';
