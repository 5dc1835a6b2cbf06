import { ProjectCatalog } from './project-catalog.service';
import type { ProjectCopyRepository } from '../db/project-copy.repository';
import type { ProjectRule } from '../domain/project-filter.matcher';

/** An in-memory fake of the shared project copy, as another replica's writes would change it. */
class FakeProjectCopy {
  rules: ProjectRule[] = [];
  revisions = 0;
  reads = 0;
  async fingerprint() {
    return `${this.rules.length}:${this.revisions}`;
  }
  async listActive() {
    this.reads++;
    return [...this.rules];
  }
  store(rule: ProjectRule) {
    this.rules = [...this.rules.filter((r) => r.projectId !== rule.projectId), rule];
    this.revisions++;
  }
}

const rule = (projectId: string, sources: string[]): ProjectRule => ({
  projectId,
  archived: false,
  contentTypes: [],
  filter: { sources, contentTypes: [], tagsAny: [], languages: [] },
  keepUnmaskedOriginal: false,
});

describe('ProjectCatalog', () => {
  it('sees a project another replica stored at its very next call, and re-reads the rules only when the copy changed', async () => {
    const copy = new FakeProjectCopy();
    const catalog = new ProjectCatalog(copy as unknown as ProjectCopyRepository);
    copy.store(rule('p1', ['a']));
    expect((await catalog.active()).map((r) => r.projectId)).toEqual(['p1']);
    await catalog.active();
    expect(copy.reads).toBe(1);

    copy.store(rule('p2', ['b'])); // applied by another replica: this one was not told
    expect((await catalog.active()).map((r) => r.projectId)).toEqual(['p1', 'p2']);
    copy.store(rule('p1', ['a', 'c'])); // a filter change, same count
    expect((await catalog.active()).find((r) => r.projectId === 'p1')?.filter.sources).toEqual(['a', 'c']);
    expect(copy.reads).toBe(3);
  });
});
