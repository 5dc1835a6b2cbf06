import type { TaskContent } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

/** The content of a task whose editor does not show it itself (choice and free-text questions). */
export function ContentView({ content, alt }: { content: TaskContent; alt: string }) {
  const { t } = useI18n();
  if (content.type === 'text' || (!content.mediaUrl && content.text)) {
    return <div className="content-text">{content.text}</div>;
  }
  if (!content.mediaUrl) return <p role="alert">{t('work.mediaMissing')}</p>;
  if (content.type === 'audio') return <audio src={content.mediaUrl} controls preload="auto" />;
  if (content.type === 'video') return <video className="video" src={content.mediaUrl} controls preload="auto" />;
  return <img className="content-image" src={content.mediaUrl} alt={alt} />;
}
