import { annotatorOf, completedByOf } from '../src';

describe('annotator keys', () => {
  it('maps by id before e-mail, and never through inherited names', () => {
    expect(
      annotatorOf({ id: 4, email: 'a@x.org' }, { '4': 'u-four', 'a@x.org': 'u-a' }, 'ls:'),
    ).toEqual({ key: 'u-four', external: false, ls_user_id: 4, email: 'a@x.org' });
    expect(annotatorOf({ id: 5, email: 'a@x.org' }, { 'a@x.org': 'u-a' }, 'ls:')).toMatchObject({
      key: 'u-a',
      external: false,
    });
    expect(annotatorOf('constructor', {}, 'ls:')).toEqual({
      key: 'ls:constructor',
      external: true,
      email: 'constructor',
    });
  });

  it('says why completed_by names nobody', () => {
    expect(annotatorOf(undefined, {}, 'ls:')).toBe('is missing: an answer needs its annotator');
    expect(annotatorOf(-1, {}, 'ls:')).toBe('user id -1 is not a non-negative integer');
    expect(annotatorOf({ first_name: 'A' }, {}, 'ls:')).toBe(
      'an object needs an integer "id" or an "email"',
    );
    expect(annotatorOf(true, {}, 'ls:')).toBe(
      'must be a user id, an e-mail or {id, email}, not boolean',
    );
  });

  it('writes completed_by back: a known user id, the id or e-mail behind an imported key, else the Verity id', () => {
    expect(completedByOf('u-ana', { 'u-ana': 12 }, 'ls:')).toBe(12);
    expect(completedByOf('ls:7', {}, 'ls:')).toBe(7);
    expect(completedByOf('ls:mira@example.org', {}, 'ls:')).toBe('mira@example.org');
    expect(completedByOf('u-bo', {}, 'ls:')).toBe('u-bo');
    expect(completedByOf('constructor', {}, 'ls:')).toBe('constructor');
    expect(completedByOf('ls:', {}, 'ls:')).toBe('ls:');
  });
});
