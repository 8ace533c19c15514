import type { AccountDetail } from '@scoreflow/api';
import { Link } from 'wouter';
import { Table } from '../../components/Table.js';
import { formatPoints, formatShare } from './accountScore.js';

/** The account's contacts, highest value first, with what each adds to the account's score. */
export function MembersTable({ account }: { account: AccountDetail }) {
  return (
    <Table
      className="flows-table"
      testId="account-members"
      columns={['Contact', account.scoreName, 'Contribution', 'Share of the account’s score']}
    >
      {account.members.map((m) => (
        <tr key={m.contactId} data-testid="member-row">
          <td>
            <Link href={`/contacts/${encodeURIComponent(m.contactId)}`}>
              {m.email ?? 'Contact without email'}
            </Link>
          </td>
          <td data-testid="member-value">{formatPoints(m.value)}</td>
          <td data-testid="member-contribution">{formatPoints(m.contribution)}</td>
          <td data-testid="member-share">{formatShare(m.contribution, account.score) ?? '—'}</td>
        </tr>
      ))}
    </Table>
  );
}
