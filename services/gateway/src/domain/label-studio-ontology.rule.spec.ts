import { parseLabelStudioConfig } from '@verity/interchange';
import { configMismatches, intakeRefusal, type PublishedQuestion } from './label-studio-ontology.rule';

const config = (choices: string) => parseLabelStudioConfig(`<View><Text name="text" value="$text"/>${choices}</View>`);
const sentiment = `<Choices name="sentiment" toName="text" choice="single"><Choice value="pos"/><Choice value="neg"/></Choices>`;
const topics = `<Choices name="topics" toName="text" choice="multiple"><Choice value="sport"/><Choice value="Product quality"/></Choices>`;
const ontology: PublishedQuestion[] = [
  { id: 'sentiment', type: 'single_choice', options: [{ id: 'neg' }, { id: 'pos' }] },
  { id: 'topics', type: 'multiple_choice', options: [{ id: 'sport' }, { id: 'Product_quality' }] },
  { id: 'boxes', type: 'box', options: [{ id: 'car' }] },
];

describe('a Label Studio config against the published ontology', () => {
  it('matches when every Choices is a question of the same type with the same option ids, in any order (derived ids included)', () => {
    expect(configMismatches(config(sentiment + topics), ontology)).toEqual([]);
    // A config asking fewer questions than the ontology matches too.
    expect(configMismatches(config(sentiment), ontology)).toEqual([]);
  });

  it('names a question the ontology does not have', () => {
    const c = config(`<Choices name="toxicity" toName="text"><Choice value="yes"/><Choice value="no"/></Choices>`);
    expect(configMismatches(c, ontology)).toEqual([
      { field: 'config.Choices[name="toxicity"]', reason: 'question "toxicity" is not in the project\'s published ontology (its questions: sentiment, topics, boxes)' },
    ]);
  });

  it('names a question whose type differs', () => {
    const c = config(`<Choices name="sentiment" toName="text" choice="multiple"><Choice value="pos"/><Choice value="neg"/></Choices>`);
    expect(configMismatches(c, ontology)).toEqual([
      { field: 'config.Choices[name="sentiment"]', reason: 'question "sentiment" is single_choice in the ontology, multiple_choice in the config' },
    ]);
  });

  it('names the options the config adds and those it lacks', () => {
    const c = config(`<Choices name="sentiment" toName="text"><Choice value="pos"/><Choice value="neutral"/></Choices>`);
    expect(configMismatches(c, ontology)).toEqual([
      { field: 'config.Choices[name="sentiment"]', reason: 'question "sentiment": option "neutral" not in the ontology' },
      { field: 'config.Choices[name="sentiment"]', reason: 'question "sentiment": the ontology\'s option "neg" missing from the config' },
    ]);
  });
});

describe('whether the project takes the imported content', () => {
  const open = { contentTypes: ['text'], filter: { sources: [], contentTypes: [], tagsAny: [] } };
  it('takes it when nothing filters it out', () => {
    expect(intakeRefusal(open, 'label-studio')).toBeNull();
    expect(intakeRefusal({ ...open, filter: { ...open.filter, sources: ['a', 'label-studio'] } }, 'label-studio')).toBeNull();
  });
  it('names the source, the content type or the tags that keep it out', () => {
    expect(intakeRefusal({ ...open, filter: { ...open.filter, sources: ['yt'] } }, 'label-studio')).toEqual({ field: 'source', reason: expect.stringContaining('"yt"') });
    expect(intakeRefusal({ ...open, contentTypes: ['image'] }, 'label-studio')).toEqual({ field: 'tasks', reason: expect.stringContaining('image') });
    expect(intakeRefusal({ ...open, filter: { ...open.filter, contentTypes: ['audio'] } }, 'label-studio')?.field).toBe('tasks');
    expect(intakeRefusal({ ...open, filter: { ...open.filter, tagsAny: ['spam'] } }, 'label-studio')).toEqual({ field: 'tasks', reason: expect.stringContaining('spam') });
  });
});
