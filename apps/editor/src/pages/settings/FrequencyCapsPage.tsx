import { API, type Role } from '@scoreflow/api';
import { settingsApi } from '../../api/settings.js';
import { useLoad } from '../../components/useLoad.js';
import { useCurrentRole } from '../admin/useCurrentRole.js';
import { CapRulesForm } from './CapRulesForm.js';
import '../support.css';
import './settings.css';

/** Whether `role` may change the caps: the roles the contract lets save them. */
const canSave = (role: Role | null) =>
  role !== null && (API.settings.putFrequencyCaps.permission as readonly Role[]).includes(role);

/** The workspace's frequency caps: what they do, the rules, and (admins, marketers) their editing. */
export function FrequencyCapsPage() {
  const role = useCurrentRole();
  const { data, error, reload } = useLoad(settingsApi.frequencyCaps);
  return (
    <div className="page frequency-caps-page">
      <header className="page-header">
        <h1>Frequency caps</h1>
      </header>
      <div className="caps-intro" data-testid="caps-intro">
        <p>Frequency caps limit how many emails one contact gets, counted across every flow.</p>
        <ul>
          <li>
            A rule without a category counts and limits every email; a rule with a category only the emails of
            Send email steps of that category. An email goes out only when every rule that applies lets it
            through.
          </li>
          <li>
            Each Send email step chooses what happens to an email a cap holds back: it is sent once the cap
            allows, or skipped while the flow goes on.
          </li>
          <li>
            Nothing is held back silently: the run’s step and the contact’s page say which cap held an email
            back, and why.
          </li>
        </ul>
      </div>
      {role === 'support' && (
        <p className="banner info caps-read-only" role="note">
          You can read the caps; an admin or a marketer changes them.
        </p>
      )}
      {error && (
        <div className="banner error" role="alert">
          Cannot load the frequency caps: {error}{' '}
          <button type="button" className="link" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      {/* Keyed on the loaded caps: the form starts from them, and a reload starts it afresh. */}
      {data && <CapRulesForm key={JSON.stringify(data)} stored={data} editable={canSave(role)} />}
    </div>
  );
}
