import { ContentType } from '@verity/contracts';
import { matchesProject, matchProjects, ProjectRule } from './project-filter.matcher';

const project = (id: string, f: Partial<ProjectRule['filter']> = {}, extra: Partial<ProjectRule> = {}): ProjectRule => ({
  projectId: id,
  archived: false,
  contentTypes: [],
  keepUnmaskedOriginal: false,
  filter: { sources: [], contentTypes: [], tagsAny: [], languages: [], ...f },
  ...extra,
});
const item = { source: 'yt', contentType: ContentType.TEXT, tags: ['spam', 'music'], language: 'en-GB' };

describe('project filter matching', () => {
  it('empty filter matches everything', () => expect(matchesProject(project('a'), item)).toBe(true));
  it('archived projects take no content', () => expect(matchesProject(project('a', {}, { archived: true }), item)).toBe(false));
  it('sources', () => {
    expect(matchesProject(project('a', { sources: ['yt', 'tw'] }), item)).toBe(true);
    expect(matchesProject(project('a', { sources: ['tw'] }), item)).toBe(false);
  });
  it('content types of the filter and of the project', () => {
    expect(matchesProject(project('a', { contentTypes: [ContentType.AUDIO] }), item)).toBe(false);
    expect(matchesProject(project('a', {}, { contentTypes: [ContentType.IMAGE] }), item)).toBe(false);
    expect(matchesProject(project('a', { contentTypes: [ContentType.TEXT] }, { contentTypes: [ContentType.TEXT] }), item)).toBe(true);
  });
  it('tags_any needs one shared tag', () => {
    expect(matchesProject(project('a', { tagsAny: ['x', 'music'] }), item)).toBe(true);
    expect(matchesProject(project('a', { tagsAny: ['x'] }), item)).toBe(false);
  });
  it('languages compare primary subtags; unknown language matches only language-blind projects', () => {
    expect(matchesProject(project('a', { languages: ['en'] }), item)).toBe(true);
    expect(matchesProject(project('a', { languages: ['EN-us'] }), item)).toBe(true);
    expect(matchesProject(project('a', { languages: ['fr'] }), item)).toBe(false);
    expect(matchesProject(project('a', { languages: ['en'] }), { ...item, language: undefined })).toBe(false);
    expect(matchesProject(project('a'), { ...item, language: undefined })).toBe(true);
  });
  it('returns every matching project, sorted by id', () => {
    const got = matchProjects([project('c'), project('b', { sources: ['tw'] }), project('a', { tagsAny: ['spam'] })], item);
    expect(got.map((p) => p.projectId)).toEqual(['a', 'c']);
  });
});
