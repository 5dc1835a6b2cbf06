import { useState, type FormEvent } from 'react';
import { BUCKET_MS, BUCKETS, dashboardApi, type Bucket } from '../../api/dashboard-client';
import { useI18n } from '../../i18n/i18n';
import { useAsync } from '../../lib/use-async';
import { Link, navigate } from '../../shell/router';
import { AgreementSection } from './agreement.section';
import { AnnotatorsSection } from './annotators.section';
import { CostSection } from './cost.section';
import { MachineSection } from './machine.section';
import { ModelLoopSection } from './model-loop.section';
import { ProgressSection } from './progress.section';
import { useLive } from './use-live';
import './dashboard.css';

/** Every part refreshes on its own rhythm (one request each), only while the tab is visible. */
export const REFRESH_MS = 10_000;
const WINDOW_CHOICES = [4, 7, 14, 30];
/** Quality windows (agreement, drift, answers per item) are longer than the progress buckets. */
const QUALITY_WINDOWS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
type QualityWindow = keyof typeof QUALITY_WINDOWS;
/** As many auto-accept buckets as the progress series shows, within the prelabel route's 50. */
const MODEL_BUCKETS: Record<Bucket, number> = { minute: 50, hour: 48, day: 30 };

/** The project's dashboard for managers and quality analysts: each part loads (and fails) on its own. */
export function DashboardScreen({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const [bucket, setBucket] = useState<Bucket>('hour');
  const [windows, setWindows] = useState(7);
  const [windowLength, setWindowLength] = useState<QualityWindow>('day');
  const [paused, setPaused] = useState(false);
  const project = useAsync(() => dashboardApi.project(projectId), [projectId]);
  const progress = useLive(() => dashboardApi.progress(projectId, bucket), [projectId, bucket], REFRESH_MS, paused);
  const quality = useLive(() => dashboardApi.quality(projectId, windows, QUALITY_WINDOWS[windowLength]), [projectId, windows, windowLength], REFRESH_MS, paused);
  const cost = useLive(() => dashboardApi.cost(projectId, bucket), [projectId, bucket], REFRESH_MS, paused);
  const models = useLive(() => dashboardApi.models(projectId, MODEL_BUCKETS[bucket], BUCKET_MS[bucket]), [projectId, bucket], REFRESH_MS, paused);
  const name = project.data?.name ?? projectId;

  return (
    <div className="dashboard">
      <div className="work-head">
        <h1>{t('dash.title', { project: name })}</h1>
        <OpenItemForm projectId={projectId} />
      </div>
      <div className="dash-controls">
        <label className="inline">
          <span>{t('dash.bucket')}</span>
          <select value={bucket} onChange={(e) => setBucket(e.target.value as Bucket)}>
            {BUCKETS.map((b) => (
              <option key={b} value={b}>
                {t(`dash.bucket.${b}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span>{t('dash.windowLength')}</span>
          <select value={windowLength} onChange={(e) => setWindowLength(e.target.value as QualityWindow)}>
            {(Object.keys(QUALITY_WINDOWS) as QualityWindow[]).map((w) => (
              <option key={w} value={w}>
                {t(`dash.window.${w}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span>{t('dash.windows')}</span>
          <select value={windows} onChange={(e) => setWindows(Number(e.target.value))}>
            {WINDOW_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
          {t('dash.pauseLive')}
        </button>
        <span className="muted">{paused ? t('dash.livePaused') : t('dash.liveOn', { seconds: REFRESH_MS / 1000 })}</span>
      </div>
      <nav aria-label={t('dash.onThisPage')} className="dash-toc">
        <a href="#progress">{t('dash.progress')}</a>
        <a href="#agreement">{t('dash.agreement')}</a>
        <a href="#annotators">{t('dash.annotators')}</a>
        <a href="#machine">{t('dash.machine')}</a>
        <a href="#cost">{t('dash.cost')}</a>
        <a href="#model-loop">{t('dash.modelLoop')}</a>
      </nav>
      <ProgressSection state={progress} bucket={bucket} />
      <AgreementSection state={quality} />
      <AnnotatorsSection projectId={projectId} state={quality} />
      <MachineSection quality={quality} models={models} bucket={bucket} />
      <CostSection state={cost} bucket={bucket} />
      <ModelLoopSection models={models} quality={quality} />
      <p>
        <Link to="/">{t('common.back')}</Link>
      </p>
    </div>
  );
}

/** Item id → that item's story. */
function OpenItemForm({ projectId }: { projectId: string }) {
  const { t } = useI18n();
  const [itemId, setItemId] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = itemId.trim();
    if (id) navigate(`/projects/${encodeURIComponent(projectId)}/items/${encodeURIComponent(id)}`);
  };
  return (
    <form className="open-item" onSubmit={submit} role="search" aria-label={t('dash.openItem')}>
      <label className="inline">
        <span>{t('dash.itemId')}</span>
        <input value={itemId} onChange={(e) => setItemId(e.target.value)} required maxLength={200} autoComplete="off" spellCheck={false} />
      </label>
      <button type="submit">{t('dash.openStory')}</button>
    </form>
  );
}
