import { requireSameProject } from '../src/require-same-project';

describe('requireSameProject', () => {
  it('accepts a record of the named project', () => {
    expect(() => requireSameProject('p-1', { projectId: 'p-1' }, 'task')).not.toThrow();
  });

  it('refuses a record of another project, naming the field and both projects', () => {
    expect(() => requireSameProject('p-1', { projectId: 'p-2' }, 'task')).toThrow("task.projectId is 'p-2', not the project 'p-1' the caller named");
  });

  it('refuses a record without a project', () => {
    expect(() => requireSameProject('p-1', { projectId: '' }, 'lease')).toThrow(/lease\.projectId/);
  });
});
