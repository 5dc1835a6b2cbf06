import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { opsApi, type DeadLetterRecord, type DeadLetterTopic, type RedriveRequest, type RedriveResult } from '../../api/ops-client';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { ChartCanvas } from '../dashboard/chart';
import { formatCount, formatDateTime } from '../dashboard/format';
import { useLive } from '../dashboard/use-live';
import { Modal } from '../../lib/modal';
import { errorText, Numbers, PartState, UpdatedAt } from '../dashboard/ui';
import { appendPage, originText, payloadView, sortGroups, toggle, totalLag } from './ops-shape';
import '../dashboard/dashboard.css';
import './ops.css';

const REFRESH_MS = 10_000;
const PAGE = 50;

/** Operations (admin): dead letters per topic (inspect, redrive) and consumer lag, refreshed live. */
export function OpsScreen() {
  const { t } = useI18n();
  const { me } = useSession();
  if (!me?.roles.includes('admin')) {
    return (
      <>
        <h1>{t('ops.title')}</h1>
        <p role="alert" className="error">
          {t('ops.adminOnly')}
        </p>
      </>
    );
  }
  return <Operations />;
}

function Operations() {
  const { t } = useI18n();
  const [paused, setPaused] = useState(false);
  const [topic, setTopic] = useState<string | null>(null);
  const dead = useLive(() => opsApi.deadLetters(), [], REFRESH_MS, paused);
  const lag = useLive(() => opsApi.consumerLag(), [], REFRESH_MS, paused);
  const inspected = dead.data?.find((d) => d.topic === topic) ?? null;

  return (
    <div className="ops">
      <h1>{t('ops.title')}</h1>
      <div className="dash-controls">
        <button type="button" className="secondary" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
          {t('ops.pauseLive')}
        </button>
        <span className="muted">{paused ? t('ops.livePaused') : t('ops.liveOn', { seconds: REFRESH_MS / 1000 })}</span>
      </div>

      <section aria-labelledby="ops-dead" className="card">
        <h2 id="ops-dead">{t('ops.deadLetters')}</h2>
        <PartState loading={dead.loading} error={dead.error} hasData={!!dead.data} updatedAt={dead.updatedAt} />
        {dead.data && <DeadLetterTable topics={dead.data} inspecting={topic} onInspect={setTopic} />}
        <UpdatedAt at={dead.updatedAt} />
        {topic && (
          <Records
            key={topic}
            topic={topic}
            summary={inspected}
            onClose={() => setTopic(null)}
            onRedriven={() => dead.reload()}
          />
        )}
      </section>

      <section aria-labelledby="ops-lag" className="card">
        <h2 id="ops-lag">{t('ops.consumerLag')}</h2>
        <PartState loading={lag.loading} error={lag.error} hasData={!!lag.data} updatedAt={lag.updatedAt} />
        {lag.data && <LagView groups={lag.data} />}
        <UpdatedAt at={lag.updatedAt} />
      </section>
    </div>
  );
}

function DeadLetterTable({ topics, inspecting, onInspect }: { topics: DeadLetterTopic[]; inspecting: string | null; onInspect(topic: string): void }) {
  const { t, locale } = useI18n();
  if (topics.length === 0) return <p className="info">{t('ops.noDeadLetters')}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{t('ops.deadLetters')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ops.topic')}</th>
            <th scope="col">{t('ops.dlqTopic')}</th>
            <th scope="col">{t('ops.count')}</th>
            <th scope="col">{t('ops.newest')}</th>
            <th scope="col">{t('ops.reasons')}</th>
            <th scope="col">{t('ops.action')}</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((d) => (
            <tr key={d.topic} className={d.count > 0 ? 'has-dead' : undefined}>
              <th scope="row">
                <code>{d.topic}</code>
              </th>
              <td>
                <code>{d.dlqTopic}</code>
              </td>
              <td>{formatCount(d.count, locale)}</td>
              <td>{formatDateTime(d.newestAt, locale)}</td>
              <td>
                {d.reasons.length === 0 ? (
                  '—'
                ) : (
                  <>
                    <ul className="reasons">
                      {d.reasons.map((r) => (
                        <li key={r.reason}>{t('ops.reasonCount', { reason: r.reason, count: formatCount(r.count, locale) })}</li>
                      ))}
                    </ul>
                    {d.reasonsSampled < d.count && <div className="muted small">{t('ops.reasonsSampled', { n: formatCount(d.reasonsSampled, locale) })}</div>}
                  </>
                )}
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  disabled={d.count === 0}
                  aria-pressed={inspecting === d.topic}
                  aria-label={t('ops.inspectTopic', { topic: d.topic })}
                  onClick={() => onInspect(d.topic)}
                >
                  {t('ops.inspect')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Confirm = { request: RedriveRequest; count: number };

function Records({ topic, summary, onClose, onRedriven }: { topic: string; summary: DeadLetterTopic | null; onClose(): void; onRedriven(): void }) {
  const { t, locale } = useI18n();
  const [records, setRecords] = useState<DeadLetterRecord[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [selected, setSelected] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [result, setResult] = useState<RedriveResult | null>(null);
  // Records already redriven are shown (with when and by whom) but not offered again.
  const order = useMemo(() => records.filter((r) => !r.redriven).map((r) => r.id), [records]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await opsApi.records(topic, PAGE, after ?? undefined);
        setRecords((shown) => (after ? appendPage(shown, page.records) : page.records));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err);
      } finally {
        setLoading(false);
      }
    },
    [topic],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const allOnPage = order.length > 0 && selected.length === order.length;

  return (
    <section className="records" aria-labelledby="ops-records-title">
      <div className="work-head">
        <h3 id="ops-records-title" tabIndex={-1} ref={heading}>
          {t('ops.recordsOf', { topic })}
        </h3>
        <button type="button" className="secondary" onClick={onClose}>
          {t('ops.closeRecords')}
        </button>
      </div>
      <div role="status">{result && <RedriveOutcome result={result} />}</div>
      <div className="actions">
        <button type="button" disabled={selected.length === 0} onClick={() => setConfirm({ request: { ids: selected }, count: selected.length })}>
          {t('ops.redriveSelected', { n: selected.length })}
        </button>
        <button type="button" className="secondary" disabled={!summary || summary.count === 0} onClick={() => setConfirm({ request: { all: true }, count: summary?.count ?? 0 })}>
          {t('ops.redriveAll', { n: formatCount(summary?.count ?? 0, locale) })}
        </button>
      </div>
      {error !== undefined && (
        <p role="alert" className="error">
          {errorText(error, t)}
        </p>
      )}
      {records.length === 0 && !loading && error === undefined && <p className="muted">{t('ops.noRecords')}</p>}
      {records.length > 0 && (
        <div className="table-scroll">
          <table className="table records-table">
            <caption className="visually-hidden">{t('ops.recordsOf', { topic })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('ops.selectAll')}
                    checked={allOnPage}
                    disabled={order.length === 0}
                    onChange={(e) => setSelected(e.target.checked ? order : [])}
                  />
                </th>
                <th scope="col">{t('ops.record')}</th>
                <th scope="col">{t('ops.at')}</th>
                <th scope="col">{t('ops.reason')}</th>
                <th scope="col">{t('ops.origin')}</th>
                <th scope="col">{t('ops.payload')}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('ops.selectRecord', { id: r.id })}
                      checked={selected.includes(r.id)}
                      disabled={!!r.redriven}
                      onChange={(e) => setSelected((s) => toggle(s, r.id, e.target.checked, order))}
                    />
                  </td>
                  <th scope="row">
                    <code>{r.id}</code>
                    {r.key && <div className="muted">{t('ops.key', { key: r.key })}</div>}
                    {r.projectId && <div className="muted">{t('ops.project', { project: r.projectId })}</div>}
                    {r.redriven && <div className="small">{t('ops.redrivenBy', { at: formatDateTime(r.redriven.at, locale), by: r.redriven.by })}</div>}
                  </th>
                  <td>{formatDateTime(r.at, locale)}</td>
                  <td className="reason">{r.reason}</td>
                  <td>
                    <Origin origin={r.origin} />
                  </td>
                  <td>
                    <Payload record={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loading && <p className="muted">{t('common.loading')}</p>}
      {cursor && !loading && (
        <button type="button" className="secondary" onClick={() => void load(cursor)}>
          {t('ops.loadMore')}
        </button>
      )}
      {confirm && (
        <RedriveDialog
          topic={topic}
          confirm={confirm}
          onClose={() => setConfirm(null)}
          onDone={(r) => {
            setConfirm(null);
            setSelected([]);
            setResult(r);
            onRedriven();
            void load(null);
          }}
        />
      )}
    </section>
  );
}

function Origin({ origin }: { origin: DeadLetterRecord['origin'] }) {
  const { t } = useI18n();
  const o = originText(origin);
  return (
    <>
      <code>{o.topic}</code>
      {o.position && <div className="muted small">{t('ops.position', { position: o.position })}</div>}
      {o.group && <div className="muted small">{t('ops.consumerGroup', { group: o.group })}</div>}
    </>
  );
}

function RedriveOutcome({ result }: { result: RedriveResult }) {
  const { t, locale } = useI18n();
  return (
    <div className="redrive-result">
      <p className="info">{t('ops.redriveResult', { redriven: formatCount(result.redriven, locale), skipped: formatCount(result.skipped.length, locale) })}</p>
      {result.remaining > 0 && <p>{t('ops.remaining', { n: formatCount(result.remaining, locale) })}</p>}
      {result.skipped.length > 0 && (
        <details>
          <summary>{t('ops.skippedList')}</summary>
          <ul>
            {result.skipped.map((s) => (
              <li key={s.id}>
                <code>{s.id}</code> {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Payload({ record }: { record: DeadLetterRecord }) {
  const { t } = useI18n();
  const view = payloadView(record);
  if (view.kind === 'encrypted') return <span className="tag encrypted">{t('ops.encrypted')}</span>;
  if (view.kind === 'none') return <span className="muted">{t('ops.noPayload')}</span>;
  return (
    <details>
      <summary>{t('ops.showPayload')}</summary>
      <pre className="payload">{view.text}</pre>
      {view.truncated && <p className="muted">{t('ops.truncated')}</p>}
    </details>
  );
}

function RedriveDialog({ topic, confirm, onClose, onDone }: { topic: string; confirm: Confirm; onClose(): void; onDone(r: RedriveResult): void }) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const all = 'all' in confirm.request;
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await opsApi.redrive(topic, confirm.request));
    } catch (err) {
      setError(errorText(err, t));
      setBusy(false);
    }
  };
  return (
    <Modal labelId="redrive-title" onClose={onClose}>
      <h2 id="redrive-title">{t(all ? 'ops.confirmAllTitle' : 'ops.confirmTitle', { n: formatCount(confirm.count, locale), topic })}</h2>
      <p>{t('ops.confirmExplain', { topic })}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void go()} autoFocus>
          {t('ops.confirmRedrive')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('ops.cancel')}
        </button>
      </div>
    </Modal>
  );
}

function LagView({ groups }: { groups: Parameters<typeof sortGroups>[0] }) {
  const { t, locale } = useI18n();
  const sorted = useMemo(() => sortGroups(groups), [groups]);
  const labels = useMemo(() => sorted.map((g) => g.group), [sorted]);
  const series = useMemo(() => [{ label: t('ops.lag'), data: sorted.map((g) => g.lag) }], [sorted, t]);
  if (sorted.length === 0) return <p className="muted">{t('ops.noGroups')}</p>;
  const behind = sorted.filter((g) => g.lag > 0);
  return (
    <>
      <p>{t('ops.lagTotal', { lag: formatCount(totalLag(sorted), locale), behind: behind.length, groups: sorted.length })}</p>
      <ChartCanvas
        kind="bar"
        horizontal
        integer
        height={Math.max(160, 60 + 28 * sorted.length)}
        labels={labels}
        series={series}
        ariaLabel={t('ops.lagAria', {
          groups: sorted.length,
          list: sorted
            .slice(0, 10)
            .map((g) => `${g.group} ${formatCount(g.lag, locale)}`)
            .join(', '),
        })}
      />
      <table className="table">
        <caption className="visually-hidden">{t('ops.consumerLag')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('ops.group')}</th>
            <th scope="col">{t('ops.service')}</th>
            <th scope="col">{t('ops.lag')}</th>
            <th scope="col">{t('ops.perTopic')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((g) => (
            <tr key={g.group} className={g.lag > 0 ? 'has-lag' : undefined}>
              <th scope="row">
                <code>{g.group}</code>
              </th>
              <td>{g.service}</td>
              <td>{formatCount(g.lag, locale)}</td>
              <td>
                {g.topics.length === 0 ? (
                  '—'
                ) : (
                  <Numbers summary={t('ops.topicsOf', { n: g.topics.length })}>
                    {g.topics.map((tp) => (
                      <table className="table partitions" key={tp.topic}>
                        <caption>{t('ops.topicLag', { topic: tp.topic, lag: formatCount(tp.lag, locale) })}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('ops.partition')}</th>
                            <th scope="col">{t('ops.committed')}</th>
                            <th scope="col">{t('ops.end')}</th>
                            <th scope="col">{t('ops.lag')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {tp.partitions.map((p) => (
                            <tr key={p.partition}>
                              <th scope="row">{p.partition}</th>
                              <td>{p.committed == null ? t('ops.noCommit') : String(p.committed)}</td>
                              <td>{String(p.end)}</td>
                              <td>{formatCount(p.lag, locale)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ))}
                  </Numbers>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
