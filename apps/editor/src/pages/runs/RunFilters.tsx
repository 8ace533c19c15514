import type { FlowSummary, RunQuery } from '@scoreflow/api';
import { type FormEvent, useState } from 'react';
import { shortId } from '../../components/format.js';
import { fromLocalInput, toLocalInput } from './runQuery.js';

type Props = { query: RunQuery; flows: FlowSummary[]; onApply(q: RunQuery): void };

/** The filter bar of the runs list; applying it resets to the first page. */
export function RunFilters({ query, flows, onApply }: Props) {
  const [flowId, setFlowId] = useState(query.flowId ?? '');
  const [version, setVersion] = useState(query.flowVersion ? String(query.flowVersion) : '');
  const [contactEmail, setContactEmail] = useState(query.contactEmail ?? '');
  const [from, setFrom] = useState(toLocalInput(query.from));
  const [to, setTo] = useState(toLocalInput(query.to));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = Number(version);
    const next: RunQuery = { ...query, offset: 0 };
    // A contact id from a link (the contact page's "runs") stays until the filters are cleared.
    for (const k of ['flowId', 'flowVersion', 'contactEmail', 'from', 'to'] as const) delete next[k];
    if (flowId) next.flowId = flowId;
    if (Number.isInteger(v) && v > 0) next.flowVersion = v;
    if (contactEmail.trim()) next.contactEmail = contactEmail.trim();
    const f = fromLocalInput(from);
    if (f) next.from = f;
    const t = fromLocalInput(to);
    if (t) next.to = t;
    onApply(next);
  };

  const clear = () => {
    setFlowId('');
    setVersion('');
    setContactEmail('');
    setFrom('');
    setTo('');
    onApply({ sort: query.sort, order: query.order, ...(query.status ? { status: query.status } : {}) });
  };

  return (
    <form className="run-filters" onSubmit={submit} aria-label="Filter runs">
      <label>
        Flow
        <select value={flowId} onChange={(e) => setFlowId(e.target.value)}>
          <option value="">All flows</option>
          {flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
          {flowId && !flows.some((f) => f.id === flowId) && <option value={flowId}>{flowId}</option>}
        </select>
      </label>
      <label>
        Version
        <input
          type="number"
          min={1}
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          className="narrow"
        />
      </label>
      <label>
        Contact email
        {/* type=search, not email: the browser must not block the filter with its own popup. */}
        <input
          type="search"
          value={contactEmail}
          placeholder="ana@example.com"
          onChange={(e) => setContactEmail(e.target.value)}
        />
      </label>
      <label>
        Started from
        <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        Started before
        <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      {query.contactId && (
        <span className="chip" data-testid="contact-filter">
          one contact ({shortId(query.contactId)})
        </span>
      )}
      <div className="toolbar">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
