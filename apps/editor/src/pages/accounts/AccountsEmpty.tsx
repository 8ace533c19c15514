import { Link } from 'wouter';

/** The accounts list before any contact has a company: how contacts come to form accounts. */
export function AccountsEmpty() {
  return (
    <section className="empty-state accounts-empty" data-testid="accounts-empty">
      <h2>No accounts yet</h2>
      <p>An account gathers the contacts of one company. A contact belongs to the account of:</p>
      <ul>
        <li>
          its <code>company</code> attribute, whatever its case and the spaces around it;
        </li>
        <li>
          else its email’s domain, when that is a company’s (addresses at free-mail providers such as
          gmail.com name no company).
        </li>
      </ul>
      <p>
        A contact with neither belongs to no account. Set the attribute with the events you send or in a CSV
        import; see <Link href="/contacts">the contacts</Link>.
      </p>
    </section>
  );
}
