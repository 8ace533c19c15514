import type { ContactListItem, ContactSort } from '@scoreflow/api';
import { Link } from 'wouter';
import { formatTime } from '../../components/format.js';
import { Table } from '../../components/Table.js';
import { accountHref, gradeLines } from './contactGrades.js';
import type { ContactListQuery } from './contactQuery.js';

/** The person's name when the contact's attributes carry one (`name`, or `firstName` and `lastName`). */
export function personName(attributes: Record<string, unknown>): string | null {
  const text = (k: string) => (typeof attributes[k] === 'string' ? (attributes[k] as string).trim() : '');
  const full = text('name') || [text('firstName'), text('lastName')].filter(Boolean).join(' ');
  return full || null;
}

/**
 * One page of contacts: who, each score with its band, engagement, last activity, grade and account;
 * the columns the server sorts on sort.
 */
export function ContactsTable({
  items,
  query,
  onSort,
}: {
  items: ContactListItem[];
  query: ContactListQuery;
  onSort: (sort: ContactSort) => void;
}) {
  const header = (sort: ContactSort, label: string) => {
    const active = query.sort === sort;
    const direction = query.order === 'asc' ? 'ascending' : 'descending';
    return (
      <th scope="col" aria-sort={active ? direction : 'none'}>
        <button type="button" className="link sort" onClick={() => onSort(sort)}>
          {label}
          {active && <span aria-hidden="true">{query.order === 'asc' ? ' ▲' : ' ▼'}</span>}
        </button>
      </th>
    );
  };
  return (
    <Table
      className="flows-table"
      testId="contacts-table"
      columns={[
        header('email', 'Contact'),
        header('score', 'Score and band'),
        header('engagement', 'Engagement'),
        header('lastActivity', 'Last activity'),
        'Grade',
        'Account',
        header('created', 'Created'),
      ]}
    >
      {items.map((c) => {
        const name = personName(c.attributes);
        return (
          <tr key={c.id} data-testid="contact-row">
            <td>
              <Link href={`/contacts/${encodeURIComponent(c.id)}`}>{c.email ?? c.externalId ?? c.id}</Link>
              {name && <div className="muted small">{name}</div>}
            </td>
            <td data-testid="contact-scores">
              {c.scores.length === 0
                ? '—'
                : c.scores.map((s) => (
                    <div key={s.name} className="score-cell">
                      {s.name} <strong>{s.value}</strong>
                      {s.band && <span className="chip band">{s.band}</span>}
                    </div>
                  ))}
            </td>
            <td data-testid="contact-engagement">{c.engagementLevel ?? 'not engaged'}</td>
            <td>{c.lastActivityAt ? formatTime(c.lastActivityAt) : 'none yet'}</td>
            <td data-testid="contact-grade">
              {c.grades.length === 0
                ? '—'
                : gradeLines(c.grades).map((g) => (
                    <div key={g.model ?? ''} className="score-cell">
                      {g.model && `${g.model} `}
                      <strong>{g.grade}</strong>
                    </div>
                  ))}
            </td>
            <td data-testid="contact-account">
              {c.account ? <Link href={accountHref(c.account)}>{c.account.name}</Link> : '—'}
            </td>
            <td>{formatTime(c.createdAt)}</td>
          </tr>
        );
      })}
    </Table>
  );
}
