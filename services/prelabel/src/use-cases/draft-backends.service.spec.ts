import { create } from '@bufbuild/protobuf';
import { ContentType, PrelabelMode, QuestionKind, TaskSchema, type Task } from '@verity/contracts';
import type { DataSource } from 'typeorm';
import { PlatformMetrics } from '@verity/service-runtime';
import type { LabelRepository } from '../db/label.repository';
import type { ModelCache, ServedModel } from './model-cache.service';
import type { PrelabelConfig } from '../prelabel.settings';
import { DraftBackends } from './draft-backends.service';

// A FAKE model cache serving a trained local classifier that always says "spam" at 0.93: what
// matters here is which items reach it at all.
class FakeModelCache {
  calls = 0;
  async get(): Promise<ServedModel> {
    this.calls++;
    return {
      row: { modelId: 'local-lr', version: 4 },
      classifier: { predict: () => ({ label: 'spam', confidence: 0.93, probabilities: { spam: 0.93, ham: 0.07 } }) },
    } as unknown as ServedModel;
  }
}

function task(contentType: ContentType, maskedText: string, kind = QuestionKind.SINGLE_CHOICE): Task {
  return create(TaskSchema, {
    taskId: 't1',
    itemId: 'i1',
    projectId: 'p1',
    questionId: 'spam',
    contentType,
    maskedText,
    question: {
      questionId: 'spam',
      kind,
      prompt: 'Is this spam?',
      options: [
        { optionId: 'spam', label: 'Spam' },
        { optionId: 'ham', label: 'Not spam' },
      ],
    },
  });
}

describe('DraftBackends: which items the machine drafts', () => {
  const cache = new FakeModelCache();
  const backends = new DraftBackends({} as PrelabelConfig, {} as DataSource, {} as LabelRepository, cache as unknown as ModelCache, new PlatformMetrics());
  backends.onModuleInit(); // no LLM endpoint configured

  it('with no LLM endpoint an unset mode means the local model, and OFF means no draft', async () => {
    expect(backends.choose(undefined)).toBe('local');
    expect(backends.choose(PrelabelMode.LLM)).toBe('local');
    const off = await backends.draft(task(ContentType.TEXT, 'check my channel'), backends.choose(PrelabelMode.OFF));
    expect(off.optionId).toBeUndefined();
    expect(off.detail).toContain('off');
  });

  it('a text item gets the local model draft with its model id and version', async () => {
    const out = await backends.draft(task(ContentType.TEXT, 'subscribe to my channel'), 'local');
    expect(out).toMatchObject({ backend: 'local', optionId: 'spam', confidence: 0.93, modelId: 'local-lr', modelVersion: 'v4' });
    expect(out.failure).toBeUndefined();
  });

  it.each([
    ['an audio item', ContentType.AUDIO, ''],
    ['a video item, even with a caption', ContentType.VIDEO, 'watch this'],
    ['an image item', ContentType.IMAGE, ''],
    ['a text item with no letters or digits', ContentType.TEXT, '🔥🔥🔥 !!!'],
  ])('%s goes to humans: no draft, reason unsupported_content, the model never asked', async (_name, contentType, text) => {
    const before = cache.calls;
    const out = await backends.draft(task(contentType, text), 'local');
    expect(out.optionId).toBeUndefined();
    expect(out.failure).toBe('unsupported_content');
    expect(out.detail).toMatch(/no usable text/);
    expect(cache.calls).toBe(before);
  });

  it('a question that is not single choice is not pre-labeled', async () => {
    const out = await backends.draft(task(ContentType.TEXT, 'hello there', QuestionKind.MULTIPLE_CHOICE), 'local');
    expect(out.failure).toBe('unsupported_content');
    expect(out.detail).toContain('single choice only');
  });
});
