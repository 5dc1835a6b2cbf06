import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  LabelStudioConfigError,
  ontologyDraftOf,
  optionIdOf,
  parseLabelStudioConfig,
} from '../src';

const fixture = readFileSync(path.join(__dirname, 'fixtures/review-config.xml'), 'utf8');
const wrap = (inner: string) => `<View><Text name="t" value="$text"/>${inner}</View>`;
const configError = (xml: string): LabelStudioConfigError => {
  try {
    parseLabelStudioConfig(xml);
  } catch (e) {
    if (e instanceof LabelStudioConfigError) return e;
    throw e;
  }
  throw new Error('expected a LabelStudioConfigError');
};

describe('parseLabelStudioConfig', () => {
  it('turns each <Choices> into a question on its object tag, with options, kind and prompt', () => {
    const config = parseLabelStudioConfig(fixture);
    expect(config.dataFields).toEqual([{ name: 'review', field: 'text', type: 'text' }]);
    expect(config.questions).toEqual([
      {
        id: 'sentiment',
        kind: 'single',
        input: 'review',
        prompt: 'What is the overall sentiment?',
        required: true,
        options: [
          { id: 'Positive', value: 'Positive', label: 'Positive' },
          { id: 'Negative', value: 'Negative', label: 'Negative' },
          { id: 'Neutral', value: 'Neutral', label: 'Neutral' },
        ],
      },
      {
        id: 'topics',
        kind: 'multi',
        input: 'review',
        prompt: 'Which topics does it mention?',
        required: false,
        options: [
          { id: 'Price', value: 'Price', label: 'Price' },
          { id: 'delivery', value: 'delivery', label: 'Delivery & shipping' },
          { id: 'Product_quality', value: 'Product quality', label: 'Product quality' },
          { id: 'Customer_service', value: 'Customer service', label: 'Customer service' },
        ],
      },
    ]);
  });

  it('reads tag and attribute names without regard to case, and single choice by default', () => {
    const config = parseLabelStudioConfig(
      '<view><hypertext name="h" value="$html"/><choices name="q" toname="h"><choice value="a"/></choices></view>',
    );
    expect(config.dataFields).toEqual([{ name: 'h', field: 'html', type: 'hypertext' }]);
    expect(config.questions[0]).toMatchObject({
      id: 'q',
      kind: 'single',
      input: 'h',
      prompt: 'q',
      required: false,
    });
  });

  it('maps visibleWhen="choice-selected" on an earlier Choices to a Verity condition', () => {
    const config = parseLabelStudioConfig(
      wrap(`<Choices name="toxic" toName="t"><Choice value="yes"/><Choice value="no"/></Choices>
        <Choices name="kind" toName="t" visibleWhen="choice-selected" whenTagName="toxic" whenChoiceValue="yes"><Choice value="insult"/></Choices>
        <Choices name="any" toName="t" visibleWhen="choice-selected" whenTagName="toxic"><Choice value="x"/></Choices>`),
    );
    expect(config.questions[1].condition).toEqual({ questionId: 'toxic', anyOf: ['yes'] });
    expect(config.questions[2].condition).toEqual({ questionId: 'toxic', anyOf: ['yes', 'no'] });
  });

  it.each([
    [
      wrap('<Rating name="stars" toName="t"/>'),
      '<Rating name="stars">',
      'has no exact Verity mapping',
    ],
    [
      wrap('<TextArea name="note" toName="t"/>'),
      '<TextArea name="note">',
      'has no exact Verity mapping',
    ],
    [
      wrap('<Labels name="ner" toName="t"><Label value="PER"/></Labels>'),
      '<Labels name="ner">',
      'region labels',
    ],
    [
      wrap('<RectangleLabels name="box" toName="t"><Label value="car"/></RectangleLabels>'),
      '<RectangleLabels name="box">',
      'region labels',
    ],
    [
      wrap('<Choices name="q" toName="t" perRegion="true"><Choice value="a"/></Choices>'),
      '<Choices name="q">',
      'perRegion',
    ],
    [wrap('<Choices name="q" toName="t" value="$opts"/>'), '<Choices name="q">', 'dynamic choices'],
    [
      wrap('<Choices name="q" toName="t"><Choice value="a"><Choice value="b"/></Choice></Choices>'),
      '<Choice>',
      'nested choices',
    ],
    [
      wrap(
        '<Choices name="q" toName="t" visibleWhen="region-selected"><Choice value="a"/></Choices>',
      ),
      '<Choices name="q">',
      'visibleWhen="region-selected"',
    ],
    [
      wrap('<Choices name="q" toName="t" colour="red"><Choice value="a"/></Choices>'),
      '<Choices name="q">',
      'attribute "colour" is not understood',
    ],
    [
      wrap('<Choices name="q" toName="t"><Choice value="a"/><Choice value="a"/></Choices>'),
      '<Choice>',
      'the choice "a" is given twice',
    ],
    [
      wrap('<Choices name="q" toName="t"><Choice value="a b"/><Choice value="a_b"/></Choices>'),
      '<Choice>',
      'would both become option id "a_b"',
    ],
    [
      wrap('<Choices name="q" toName="img"><Choice value="a"/></Choices>'),
      '<Choices name="q">',
      'toName "img" names no',
    ],
    [
      wrap('<Choices name="my question" toName="t"><Choice value="a"/></Choices>'),
      '<Choices name="my question">',
      'not a valid Verity question id',
    ],
    [wrap('<Choices name="q" toName="t"/>'), '<Choices name="q">', 'has no <Choice>'],
    [wrap('<Choice value="a"/>'), '<Choice>', 'must be inside a <Choices>'],
    [wrap('<Text name="t" value="$other"/>'), '<Text name="t">', 'already used'],
    [
      '<View><Text name="t" value="hello"/></View>',
      '<Text name="t">',
      '"value" must name one task data field',
    ],
    [
      '<View><Text name="t" value="$url" valueType="url"/><Choices name="q" toName="t"><Choice value="a"/></Choices></View>',
      '<Text name="t">',
      'valueType="url"',
    ],
    ['<Panel/>', '<Panel>', 'the root tag must be <View>'],
    [wrap(''), '<View>', 'has no <Choices>'],
    ['<View><Text name="t" value="$text">', '(config)', 'is not well-formed XML'],
  ])('refuses a config it cannot map exactly, naming the tag (%#)', (xml, tag, reason) => {
    const e = configError(xml);
    expect(e.tag).toContain(tag);
    expect(e.message).toContain(reason);
    expect(e.message.startsWith(`tag ${e.tag}: `)).toBe(true);
  });
});

describe('optionIdOf', () => {
  it('keeps a valid id and derives one from other values, accents and symbols folded', () => {
    expect(optionIdOf('Positive')).toBe('Positive');
    expect(optionIdOf('cat:sub.x-1')).toBe('cat:sub.x-1');
    expect(optionIdOf('Product quality')).toBe('Product_quality');
    expect(optionIdOf('  Très   élevé! ')).toBe('Tres_eleve');
    expect(optionIdOf('???')).toBe('');
  });
});

describe('ontologyDraftOf', () => {
  it('is a gateway ontology draft: one choice question per Choices, content type from the object tag', () => {
    const draft = ontologyDraftOf(parseLabelStudioConfig(fixture), 'Label the review.');
    expect(draft.guidelines).toEqual({ text: 'Label the review.', examples: [] });
    expect(draft.questions.map((q) => [q.id, q.type, q.required, q.contentTypes])).toEqual([
      ['sentiment', 'single_choice', true, ['text']],
      ['topics', 'multiple_choice', false, ['text']],
    ]);
    expect(draft.questions[1].options[1]).toEqual({
      id: 'delivery',
      label: 'Delivery & shipping',
      description: 'Label Studio value: delivery',
    });
    expect(draft.questions[0].options[0]).toEqual({
      id: 'Positive',
      label: 'Positive',
      description: '',
    });
  });

  it('carries a condition and an image content type', () => {
    const draft = ontologyDraftOf(
      parseLabelStudioConfig(
        '<View><Image name="img" value="$image"/><Choices name="a" toName="img"><Choice value="x"/></Choices><Choices name="b" toName="img" visibleWhen="choice-selected" whenTagName="a" whenChoiceValue="x"><Choice value="y"/></Choices></View>',
      ),
    );
    expect(draft.questions[1]).toMatchObject({
      contentTypes: ['image'],
      condition: { questionId: 'a', anyOf: ['x'] },
    });
  });
});
