import { LanguageDetector } from './language.detector';

describe('LanguageDetector', () => {
  const d = new LanguageDetector();

  it.each([
    ['en', 'This is one of the best videos that I have seen, and it was very funny for all of us.'],
    ['es', 'Este es uno de los mejores vídeos que he visto, y fue muy divertido para todos nosotros.'],
    ['fr', "C'est une des meilleures vidéos que j'ai vues, et elle était très drôle pour nous tous."],
    ['de', 'Das ist eines der besten Videos, die ich gesehen habe, und es war sehr lustig für uns alle.'],
    ['pt', 'Este é um dos melhores vídeos que eu já vi, e foi muito engraçado para todos nós. Obrigado!'],
    ['it', 'Questo è uno dei migliori video che ho visto, ed era molto divertente per tutti noi.'],
    ['nl', 'Dit is een van de beste video’s die ik heb gezien, en het was heel grappig voor ons allemaal.'],
  ])('detects %s', (lang, text) => {
    const g = d.detect(text);
    expect(g.language).toBe(lang);
    expect(g.confidence).toBeGreaterThanOrEqual(0.5);
    expect(g.confidence).toBeLessThanOrEqual(1);
  });

  it.each([[''], ['12345 !!!']])('says "und" with no evidence: %j', (text) => {
    expect(d.detect(text)).toEqual({ language: 'und', confidence: 0 });
  });

  it('says "und" for text in no known language', () => {
    expect(d.detect('Ẹ kú àárọ̀, ṣé dáadáa ni? Mo fẹ́ ra ìwé kan lónìí.').language).toBe('und');
  });

  it('is less confident on a short text than on a long one', () => {
    const short = d.detect('the cat and the dog');
    const long = d.detect('the cat and the dog were in the garden, and they played with all of their toys for an hour');
    expect(short.language).toBe('en');
    expect(long.confidence).toBeGreaterThan(short.confidence);
  });
});
