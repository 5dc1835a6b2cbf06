import { servedMediaType } from './media-type';

describe('servedMediaType', () => {
  it('keeps audio, video, raster images, plain text and octet-stream', () => {
    for (const t of [
      'audio/wav',
      'audio/webm; codecs=opus',
      'video/webm',
      'video/mp4',
      'image/png',
      'image/jpeg',
      'image/webp',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/octet-stream',
    ]) {
      expect(servedMediaType(t)).toEqual({ contentType: t, attachment: false });
    }
    expect(servedMediaType('Audio/WAV')).toEqual({ contentType: 'audio/wav', attachment: false });
    expect(servedMediaType('audio/webm;codecs=opus')).toEqual({
      contentType: 'audio/webm; codecs=opus',
      attachment: false,
    });
  });

  it('serves script-capable, unknown and malformed types as an octet-stream attachment', () => {
    for (const t of [
      'text/html',
      'TEXT/HTML; charset=utf-8',
      'application/xhtml+xml',
      'image/svg+xml',
      'text/xml',
      'application/xml',
      'application/javascript',
      'text/javascript',
      'application/pdf',
      'text/css',
      'application/json',
      'multipart/x-mixed-replace',
      'video/x-html',
      'audio/xml',
      'image/x-unknown',
      'text/plain\r\nX-Evil: 1',
      'not a type',
      '../../etc',
    ]) {
      expect([t, servedMediaType(t)]).toEqual([
        t,
        { contentType: 'application/octet-stream', attachment: true },
      ]);
    }
  });

  it('an unknown (empty) type is an inline octet-stream', () => {
    expect(servedMediaType('')).toEqual({
      contentType: 'application/octet-stream',
      attachment: false,
    });
    expect(servedMediaType(undefined)).toEqual({
      contentType: 'application/octet-stream',
      attachment: false,
    });
  });
});
