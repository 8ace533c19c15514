import type { AccountList } from '@scoreflow/api';
import { Link } from 'wouter';
import { formatCount } from '../../components/format.js';
import { Table } from '../../components/Table.js';
import { accountHref } from './accountQuery.js';
import { AGGREGATE_WORDS, formatPoints } from './accountScore.js';

/** One page of accounts, highest score first; the score's header says how contacts add up to it. */
export function AccountsTable({ list }: { list: AccountList }) {
  return (
    <Table
      className="flows-table"
      testId="accounts-table"
      columns={['Account', 'Contacts', `${list.score} (${AGGREGATE_WORDS[list.aggregate]})`]}
    >
      {list.items.map((a) => (
        <tr key={a.key} data-testid="account-row">
          <td>
            <Link href={accountHref(a.key, list.score)}>{a.name}</Link>
          </td>
          <td data-testid="account-contacts">{formatCount(a.contacts)}</td>
          <td data-testid="account-score">
            <strong>{formatPoints(a.score)}</strong>
          </td>
        </tr>
      ))}
    </Table>
  );
}
