import type { HealthOverview } from '@scoreflow/api';
import { Link } from 'wouter';
import { healthApi } from '../../api/health.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatTime } from '../../components/format.js';
import { Table } from '../../components/Table.js';
import { useEvery, useLoad } from '../../components/useLoad.js';
import { Sparkline } from './Sparkline.js';
import '../support.css';
import './health.css';

/** The page polls this often; the overview is computed from indexes, so it is cheap to ask for. */
const REFRESH_MS = 10_000;

/** "45 s", "3 min", "2.5 h". */
function seconds(s: number | null): string {
  if (s === null) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function Figure(props: { label: string; value: string | number; bad?: boolean; testId?: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd className={props.bad ? 'bad' : undefined} data-testid={props.testId}>
        {props.value}
      </dd>
    </div>
  );
}

function EventsCard({ events }: { events: HealthOverview['events'] }) {
  const received = events.perMinute.map((m) => m.received);
  const processed = events.perMinute.map((m) => m.processed);
  const lastFive = (values: number[]) => sum(values.slice(-5)) / 5;
  return (
    <section className="card" aria-labelledby="health-events">
      <h2 id="health-events">Events</h2>
      <dl className="health-figures">
        <Figure label="Received, last hour" value={sum(received)} testId="events-received" />
        <Figure label="Processed, last hour" value={sum(processed)} testId="events-processed" />
        <Figure label="Per minute in (last 5 min)" value={lastFive(received).toFixed(1)} />
        <Figure label="Per minute processed (last 5 min)" value={lastFive(processed).toFixed(1)} />
        <Figure label="Pending" value={events.pending} bad={events.lagSeconds > 60} testId="events-pending" />
        <Figure label="Processing lag now" value={seconds(events.lagSeconds)} bad={events.lagSeconds > 60} />
        <Figure label="Receipt to commit (5 min avg)" value={seconds(events.recentLatencySeconds)} />
        <Figure label="Failed, last hour" value={events.failedLastHour} bad={events.failedLastHour > 0} />
      </dl>
      <Sparkline
        title={`Events per minute over the last hour: ${sum(received)} received, ${sum(processed)} processed`}
        series={[
          { label: 'received', values: received, className: 'received' },
          { label: 'processed', values: processed, className: 'processed' },
        ]}
      />
      <p className="muted">
        <span className="legend-received">━ received</span> ·{' '}
        <span className="legend-processed">╍ processed</span> per minute, from{' '}
        {formatTime(events.perMinute[0]?.minute)} to now
      </p>
    </section>
  );
}

function QueuesCard({ queues }: { queues: HealthOverview['queues'] }) {
  return (
    <section className="card" aria-labelledby="health-queues">
      <h2 id="health-queues">Queues</h2>
      {queues === null ? (
        <p className="health-status-bad">Redis did not answer; queue sizes are unknown.</p>
      ) : (
        <Table
          className="mini-table"
          testId="queues-table"
          columns={['Queue', 'Waiting', 'Active', 'Delayed', 'Failed', 'Oldest waiting']}
        >
          {queues.map((q) => (
            <tr key={q.name}>
              <th scope="row">{q.name}</th>
              <td>{(q.counts.waiting ?? 0) + (q.counts.prioritized ?? 0)}</td>
              <td>{q.counts.active ?? 0}</td>
              <td>{q.counts.delayed ?? 0}</td>
              <td>{q.counts.failed ?? 0}</td>
              <td>{seconds(q.oldestWaitingSeconds)}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function DeliveriesCard({ deliveries }: { deliveries: HealthOverview['deliveries'] }) {
  const failing = deliveries.filter((d) => d.retrying > 0 || d.failedLastDay > 0);
  return (
    <section className="card" aria-labelledby="health-deliveries">
      <h2 id="health-deliveries">Deliveries</h2>
      {deliveries.length === 0 && (
        <p className="muted">No email, webhook or sales notification is waiting.</p>
      )}
      {deliveries.length > 0 && (
        <Table
          className="mini-table"
          testId="deliveries-table"
          columns={['Kind', 'Pending', 'Retrying', 'Failed (24 h)', 'Latest error']}
        >
          {deliveries.map((d) => (
            <tr key={d.kind}>
              <th scope="row">{d.kind}</th>
              <td>{d.pending}</td>
              <td className={d.retrying > 0 ? 'health-status-bad' : undefined}>{d.retrying}</td>
              <td className={d.failedLastDay > 0 ? 'health-status-bad' : undefined}>{d.failedLastDay}</td>
              <td>
                {d.lastError ? (
                  <>
                    {d.lastError.message}{' '}
                    {d.lastError.runId && <Link href={`/runs/${d.lastError.runId}`}>(run)</Link>}
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {failing.length > 0 && (
        <p>
          <Link href="/runs?status=failed">See the failed runs</Link>
        </p>
      )}
    </section>
  );
}

function SystemCard({ overview }: { overview: HealthOverview }) {
  const { waits, maintenance, dependencies, disk } = overview;
  return (
    <section className="card" aria-labelledby="health-system">
      <h2 id="health-system">Waits, maintenance and dependencies</h2>
      <dl className="health-figures">
        <Figure label="Waits pending" value={waits.pending} />
        <Figure label="Waits overdue" value={waits.overdue} bad={waits.overdue > 0} testId="waits-overdue" />
      </dl>
      <table className="mini-table">
        <tbody>
          {maintenance.map((m) => (
            <tr key={m.task}>
              <th scope="row">Last {m.task}</th>
              <td>
                {formatTime(m.lastFinishedAt)}
                {m.lastFailure && <span className="health-status-bad"> · failed since: {m.lastFailure}</span>}
              </td>
            </tr>
          ))}
          {dependencies.map((d) => (
            <tr key={d.name}>
              <th scope="row">
                {d.name === 'sqlite'
                  ? 'Database (SQLite)'
                  : d.name === 'postgres'
                    ? 'Database (PostgreSQL)'
                    : d.name === 'redis'
                      ? 'Redis'
                      : d.name}
              </th>
              <td
                className={d.ok ? 'health-status-ok' : 'health-status-bad'}
                data-testid={`dependency-${d.name}`}
              >
                {d.ok ? 'OK' : `Not answering: ${d.error ?? 'unknown error'}`}
              </td>
            </tr>
          ))}
          {disk && (
            <tr>
              <th scope="row">Disk ({disk.path})</th>
              <td className={disk.freeBytes < disk.totalBytes * 0.1 ? 'health-status-bad' : undefined}>
                {bytes(disk.freeBytes)} free of {bytes(disk.totalBytes)}; the database takes{' '}
                {bytes(disk.databaseBytes)}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** Whether events keep up and emails go out, at a glance; refreshes itself every ten seconds. */
export function HealthPage() {
  const { data: overview, error, reload: load } = useLoad(healthApi.overview);
  useEvery(REFRESH_MS, load);

  return (
    <div className="page wide">
      <header className="page-header">
        <h1>Health</h1>
        <div className="toolbar">
          {overview && <span className="muted">Updated {formatTime(overview.generatedAt)}</span>}
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
        </div>
      </header>
      <ErrorBanner error={error} />
      {overview === null && !error && <p className="muted">Loading…</p>}
      {overview && (
        <>
          <EventsCard events={overview.events} />
          <div className="health-grid">
            <QueuesCard queues={overview.queues} />
            <DeliveriesCard deliveries={overview.deliveries} />
          </div>
          <SystemCard overview={overview} />
        </>
      )}
    </div>
  );
}
