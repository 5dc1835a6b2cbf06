import { ContentType } from '@verity/contracts';
import { z } from '@verity/config';

/** Content types as the HTTP API spells them, and their contract values. */
export const CONTENT_TYPE_NAMES = ['text', 'audio', 'video', 'image'] as const;
export type ContentTypeName = (typeof CONTENT_TYPE_NAMES)[number];

export const contentTypeSchema = z.enum(CONTENT_TYPE_NAMES);

export const CONTENT_TYPE_VALUES: Record<ContentTypeName, ContentType> = {
  text: ContentType.TEXT,
  audio: ContentType.AUDIO,
  video: ContentType.VIDEO,
  image: ContentType.IMAGE,
};

export const toContentType = (name: ContentTypeName): ContentType => CONTENT_TYPE_VALUES[name];
