import { Link } from 'wouter';
import { useCurrentRole } from '../admin/useCurrentRole.js';

/** The contacts list before the first contact: where contacts come from, and where to set that up. */
export function ContactsEmpty() {
  const role = useCurrentRole();
  // Tokens and write keys are made on the Users page, which only admins can open.
  const keys =
    role === 'admin' ? (
      <Link href="/settings/users">an API token or a write key</Link>
    ) : (
      'an API token or a write key (an admin creates them on the Users page)'
    );
  return (
    <section className="empty-state contacts-empty" data-testid="contacts-empty">
      <h2>No contacts yet</h2>
      <p>A contact is created by its first event or by an import. Contacts arrive:</p>
      <ul>
        <li>
          from your site or app, as events sent to <code>POST /api/events</code> with {keys}
        </li>
        <li>
          from a Segment or RudderStack source pointed at this server’s <code>/v1</code> API with a write key
        </li>
        <li>
          from a spreadsheet, as CSV sent to <code>POST /api/contacts/import</code>
        </li>
      </ul>
      <p>
        Every route is described in the <a href="/api/docs">API reference</a>.
      </p>
    </section>
  );
}
