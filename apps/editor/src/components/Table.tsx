import { Fragment, isValidElement, type ReactNode } from 'react';

/** The header of a column of buttons: no visible text, a name for screen readers. */
export const ACTIONS_COLUMN = <th scope="col" aria-label="Actions" />;

type Props = {
  /** `flows-table` for a page's records, `mini-table` for one inside a card; more classes may follow. */
  className: string;
  testId?: string | undefined;
  /** Column headers: text, or a whole `<th>` where the header does more (sorting, no visible text). */
  columns: readonly ReactNode[];
  /** The rows. */
  children: ReactNode;
};

/**
 * A table of records: a header row of columns, then the rows the caller draws. It sits in a box that
 * scrolls sideways, so a table wider than its card or page scrolls instead of squeezing its columns
 * until words break.
 */
export function Table({ className, testId, columns, children }: Props) {
  return (
    <div className="table-scroll">
      <table className={className} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              // Columns are fixed for a table's life, so their place is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <Fragment key={i}>
                {isValidElement(c) && c.type === 'th' ? c : <th scope="col">{c}</th>}
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
