import { useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { formatTime, jsonText, shortId } from '../../components/format.js';
import { JsonBlock } from '../../components/JsonBlock.js';
import { Loading } from '../../components/LoadFailed.js';
import { OutboxTable } from '../../components/OutboxTable.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { Table } from '../../components/Table.js';
import { useFlowList } from '../useFlowList.js';
import { ChangeScoreForm } from './ChangeScoreForm.js';
import { ContactAccountLine, ContactGrades } from './ContactGrades.js';
import { ContactSearch } from './ContactSearch.js';
import { HeldBackSends } from './HeldBackSends.js';
import { MergeContactForm } from './MergeContactForm.js';
import { ScoreLedger } from './ScoreLedger.js';
import { useContact } from './useContact.js';
import '../support.css';

/** Names shown as chips after their label, or a dash when there are none. */
function Chips({ label, testId, names }: { label: string; testId: string; names: string[] }) {
  return (
    <p data-testid={testId}>
      {label}:{' '}
      {names.length === 0
        ? '—'
        : names.map((n) => (
            <span key={n} className="chip">
              {n}
            </span>
          ))}
    </p>
  );
}

/**
 * "What happened to this contact, and why?": attributes, account, scores with their ledger, grades,
 * runs, events, the outbox and the emails frequency caps held back.
 */
export function ContactPage({ id }: { id: string }) {
  const { view, error, reload } = useContact(id);
  const { flows } = useFlowList();
  const [, navigate] = useLocation();
  const mergedInto = view && view.contact.id !== id ? view.contact.id : null;
  // A merged contact's id answers as the contact it went into: show that one at its own address.
  useEffect(() => {
    if (mergedInto) navigate(`/contacts/${encodeURIComponent(mergedInto)}`, { replace: true });
  }, [mergedInto, navigate]);
  const flowName = (fid: string) => flows?.find((f) => f.id === fid)?.name ?? fid;
  if (error && !view) {
    return (
      <div className="page wide">
        <ContactSearch />
        <ErrorBanner error={error} />
      </div>
    );
  }
  if (!view) return <Loading />;
  const { contact, events, runs, runsTotal, outbox, heldBack } = view;
  const attributes = Object.entries(contact.attributes);
  const { engagement } = contact;
  return (
    <div className="page wide contact-page">
      <ContactSearch />
      <header className="page-header">
        <div>
          <nav className="muted small" aria-label="Breadcrumb" data-testid="breadcrumb">
            <Link href="/contacts">Contacts</Link> /{' '}
            {contact.email ?? contact.externalId ?? 'Contact without email'}
          </nav>
          <h1 data-testid="contact-title">{contact.email ?? contact.externalId ?? contact.id}</h1>
          <div className="muted small">
            {contact.externalId && <>External id {contact.externalId} · </>}
            Created {formatTime(contact.createdAt)} · Last engaged {formatTime(contact.lastEngagedAt)}
            {contact.unsubscribedAt && (
              <strong className="unsubscribed"> · Unsubscribed {formatTime(contact.unsubscribedAt)}</strong>
            )}
            {' · '}
            <span className="mono">{contact.id}</span>
          </div>
          <ContactAccountLine account={contact.account} />
        </div>
        <button type="button" onClick={() => void reload()}>
          Refresh
        </button>
      </header>

      <div className="columns">
        <div>
          <h2>Scores</h2>
          {Object.keys(contact.scores).length === 0 && <p className="muted">No scores yet.</p>}
          {Object.entries(contact.scores).map(([name, value]) => (
            <ScoreLedger
              key={`${name}:${value}`}
              contactId={contact.id}
              score={name}
              value={value}
              flows={flows ?? []}
            />
          ))}
          <ChangeScoreForm
            contactId={contact.id}
            scores={Object.keys(contact.scores)}
            onChanged={() => void reload()}
          />
          <MergeContactForm contact={contact} onMerged={() => void reload()} />
          <section className="card">
            <h2>Runs</h2>
            {runs.length === 0 ? (
              <p className="muted">This contact has not entered any flow.</p>
            ) : (
              <Table
                className="mini-table"
                testId="contact-runs"
                columns={['Run', 'Flow', 'Status', 'Started']}
              >
                {runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/runs/${r.id}`}>{shortId(r.id)}</Link>
                    </td>
                    <td>
                      {flowName(r.flowId)} v{r.flowVersion}
                    </td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td className="small">{formatTime(r.startedAt)}</td>
                  </tr>
                ))}
              </Table>
            )}
            {runsTotal > runs.length && (
              <Link href={`/runs?contactId=${encodeURIComponent(contact.id)}`}>All {runsTotal} runs</Link>
            )}
          </section>
          <section className="card">
            <h2>Outbox</h2>
            <OutboxTable items={outbox} />
          </section>
          <HeldBackSends items={heldBack} />
        </div>
        <div>
          <ContactGrades grades={contact.grades} />
          <section className="card" data-testid="engagement">
            <h2>Engagement</h2>
            <p>
              <strong className={`engagement level-${engagement.level.replace(/\s/g, '-')}`}>
                {engagement.level}
              </strong>{' '}
              <span className="muted">({engagement.points} points)</span>
            </p>
            <table className="mini-table">
              <tbody>
                <tr>
                  <td>Opens, last 30 days</td>
                  <td>{engagement.counts.opens30}</td>
                  <td className="muted small">× 1</td>
                </tr>
                <tr>
                  <td>Clicks, last 30 days</td>
                  <td>{engagement.counts.clicks30}</td>
                  <td className="muted small">× 3</td>
                </tr>
                <tr>
                  <td>Opens, 31–90 days</td>
                  <td>{engagement.counts.opens90 - engagement.counts.opens30}</td>
                  <td className="muted small">× 0.5</td>
                </tr>
                <tr>
                  <td>Clicks, 31–90 days</td>
                  <td>{engagement.counts.clicks90 - engagement.counts.clicks30}</td>
                  <td className="muted small">× 1.5</td>
                </tr>
              </tbody>
            </table>
            <p className="muted small">
              Highly engaged ≥ 15 · engaged ≥ 6 · neutral ≥ 2 · at risk &gt; 0 · not engaged = 0
            </p>
          </section>
          {contact.actionScore && (
            <section className="card" data-testid="action-score">
              <h2>
                Action score <span className="score-value">{contact.actionScore.score}</span>
              </h2>
              <table className="mini-table">
                <tbody>
                  {(['recency', 'frequency', 'monetary', 'social'] as const).map((part) => (
                    <tr key={part}>
                      <td className="capitalize">{part}</td>
                      <td>{contact.actionScore?.parts[part]} %</td>
                      <td className="muted small">
                        × 25 = {((25 * (contact.actionScore?.parts[part] ?? 0)) / 100).toFixed(2)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">Sum {contact.actionScore.exact}, shown rounded half up.</p>
            </section>
          )}
          <section className="card">
            <h2>Attributes</h2>
            {attributes.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <table className="mini-table" data-testid="attributes">
                <tbody>
                  {attributes.map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td>{jsonText(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card">
            <h2>Tags and lists</h2>
            <Chips label="Tags" testId="tags" names={contact.tags} />
            <Chips label="Lists" testId="lists" names={contact.lists} />
          </section>
          <section className="card">
            <h2>Events</h2>
            {events.length === 0 ? (
              <p className="muted">No events.</p>
            ) : (
              <ol className="timeline" data-testid="events">
                {events.map((e) => (
                  <li key={e.id} className="timeline-item">
                    <details>
                      <summary>
                        <strong>{e.type}</strong>{' '}
                        <span className="muted small">
                          {formatTime(e.occurredAt)} · {e.status}
                        </span>
                      </summary>
                      <JsonBlock label="Payload" value={e.payload} />
                      {e.error && <p className="step-error">{e.error}</p>}
                    </details>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
