import { BadRequestException } from '@nestjs/common';
import { validate } from '@verity/service-runtime';
import { labelStudioImportSchema } from './label-studio-import.schemas';

const body = { tasks: [{ id: 1, data: { text: 'hi' } }], config: '<View/>' };

function errorsOf(b: unknown): { field: string; reason: string }[] {
  try {
    validate(labelStudioImportSchema, b);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return ((err as BadRequestException).getResponse() as { errors: { field: string; reason: string }[] }).errors;
  }
  throw new Error('the body was accepted');
}

describe('the Label Studio import body', () => {
  it('defaults the source to label-studio and keeps the options given', () => {
    expect(validate(labelStudioImportSchema, body)).toEqual({ ...body, source: 'label-studio' });
    const full = { ...body, source: 'ls-2024', textField: 'review', annotators: { '12': 'u-ana', 'mira@example.org': 'u-mira' }, defaultModelVersion: 'bert-v1' };
    expect(validate(labelStudioImportSchema, full)).toEqual(full);
  });

  it('names each faulty field', () => {
    expect(errorsOf({ ...body, tasks: [] })).toEqual([{ field: 'tasks', reason: expect.stringMatching(/>=1/) }]);
    expect(errorsOf({ ...body, tasks: { id: 1 } })).toEqual([{ field: 'tasks', reason: expect.any(String) }]);
    expect(errorsOf({ tasks: body.tasks })).toEqual([{ field: 'config', reason: expect.any(String) }]);
    expect(errorsOf({ ...body, config: '' })).toEqual([{ field: 'config', reason: expect.stringMatching(/>=1/) }]);
    expect(errorsOf({ ...body, source: '' })).toEqual([{ field: 'source', reason: expect.stringMatching(/>=1/) }]);
    expect(errorsOf({ ...body, source: 'a\nb' })).toEqual([{ field: 'source', reason: 'must not contain control characters' }]);
    expect(errorsOf({ ...body, annotators: { '12': '' } })).toEqual([{ field: 'annotators.12', reason: expect.stringMatching(/>=1/) }]);
    expect(errorsOf({ ...body, defaultModelVersion: 'v'.repeat(201) })).toEqual([{ field: 'defaultModelVersion', reason: expect.stringMatching(/<=200/) }]);
    expect(errorsOf({ ...body, project: 'x' })).toEqual([{ field: '(root)', reason: expect.stringMatching(/project/) }]);
  });
});
