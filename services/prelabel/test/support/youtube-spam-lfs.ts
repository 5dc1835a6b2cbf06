/**
 * Snorkel's spam tutorial's ten labeling functions as this service's LF definitions (keywords,
 * regex, length; spaCy's PERSON and TextBlob's polarity and subjectivity approximated with word
 * lists), for the question `spam` with options `ham` and `spam`. The tutorial's keyword LFs match
 * substrings, so they are regexes here.
 */
export const YOUTUBE_SPAM_LFS = [
  { id: 'my', kind: 'regex', pattern: 'my', flags: 'i', votes: 'spam' },
  { id: 'subscribe', kind: 'regex', pattern: 'subscribe', flags: 'i', votes: 'spam' },
  { id: 'link', kind: 'regex', pattern: 'http', flags: 'i', votes: 'spam' },
  { id: 'please', kind: 'regex', pattern: 'please|plz', flags: 'i', votes: 'spam' },
  { id: 'check-out', kind: 'regex', pattern: 'check.*out', flags: 'i', votes: 'spam' },
  { id: 'song', kind: 'regex', pattern: 'song', flags: 'i', votes: 'ham' },
  { id: 'short', kind: 'length', unit: 'words', max: 4, votes: 'ham' },
  { id: 'person', kind: 'keywords', keywords: ['shakira', 'eminem', 'rihanna', 'katy', 'perry', 'psy', 'lmfao', 'redfoo', 'justin', 'bieber', 'taylor', 'swift', 'michael', 'jackson', 'beyonce', 'gaga', 'miley', 'drake', 'adele', 'pitbull'], votes: 'ham' },
  { id: 'positive', kind: 'keywords', keywords: ['best', 'perfect', 'awesome', 'excellent', 'wonderful', 'greatest', 'magnificent', 'impressive', 'superb'], votes: 'ham' },
  {
    id: 'subjective',
    kind: 'keywords',
    keywords: ['love', 'loved', 'nice', 'good', 'great', 'beautiful', 'amazing', 'awesome', 'cool', 'favorite', 'favourite', 'funny', 'cute', 'sexy', 'perfect', 'wonderful', 'bad', 'hate', 'stupid', 'crazy', 'sweet', 'happy', 'lovely', 'pretty', 'fun', 'excellent', 'incredible', 'horrible', 'terrible', 'epic'],
    votes: 'ham',
  },
] as const;
