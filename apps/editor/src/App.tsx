import { Link, Route, Switch, useLocation } from 'wouter';
import { SignedInUser } from './components/SignedInUser.js';
import { AccountPage } from './pages/accounts/AccountPage.js';
import { AccountsPage } from './pages/accounts/AccountsPage.js';
import { accountKeyOf } from './pages/accounts/accountQuery.js';
import { UsersPage } from './pages/admin/UsersPage.js';
import { useCurrentRole } from './pages/admin/useCurrentRole.js';
import { ContactPage } from './pages/contacts/ContactPage.js';
import { ContactsPage } from './pages/contacts/ContactsPage.js';
import { EditorPage } from './pages/EditorPage.js';
import { EmailsPage } from './pages/emails/EmailsPage.js';
import { TemplateEditorPage } from './pages/emails/TemplateEditorPage.js';
import { FlowsPage } from './pages/FlowsPage.js';
import { HealthPage } from './pages/health/HealthPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { FlowReportPage } from './pages/report/FlowReportPage.js';
import { RunDetailPage } from './pages/runs/RunDetailPage.js';
import { RunsPage } from './pages/runs/RunsPage.js';
import { ModelEditorPage } from './pages/scores/ModelEditorPage.js';
import { ScoresPage } from './pages/scores/ScoresPage.js';
import { ScoringModelsPage } from './pages/scores/ScoringModelsPage.js';
import { FrequencyCapsPage } from './pages/settings/FrequencyCapsPage.js';

/** The editor's own addresses (a draft, a published version); a flow's report is a page like others. */
const isEditor = (location: string) => location.startsWith('/flows/') && !location.endsWith('/report');

/** The top navigation; the editor takes the whole window, so it is left out there. */
function Nav() {
  const [location] = useLocation();
  const role = useCurrentRole();
  if (isEditor(location) || location === '/login') return null;
  const item = (href: string, label: string, active: boolean) => (
    <Link href={href} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="app-nav" aria-label="Main">
      {item('/', 'Flows', location === '/' || location.startsWith('/flows/'))}
      {item('/runs', 'Runs', location.startsWith('/runs'))}
      {item('/contacts', 'Contacts', location.startsWith('/contacts'))}
      {item('/accounts', 'Accounts', location.startsWith('/accounts'))}
      {item('/scores', 'Scores', location.startsWith('/scores'))}
      {item('/emails', 'Emails', location.startsWith('/emails'))}
      {item('/settings/frequency-caps', 'Frequency caps', location.startsWith('/settings/frequency-caps'))}
      {item('/health', 'Health', location === '/health')}
      {role === 'admin' && item('/settings/users', 'Users', location.startsWith('/settings/users'))}
      <SignedInUser />
    </nav>
  );
}

/** Routes: flows with their editor and report, the run history, the contact inspector, accounts, scores, the frequency caps, and (admins) users. */
export function App() {
  return (
    <>
      <Nav />
      {/* Every page, the login and the editor included, is the one main landmark after the navigation. */}
      <main>
        <Switch>
          <Route path="/" component={FlowsPage} />
          <Route path="/login" component={LoginPage} />
          <Route path="/flows/:id">{(p) => <EditorPage key={p.id} flowId={p.id} />}</Route>
          <Route path="/flows/:id/report">{(p) => <FlowReportPage key={p.id} flowId={p.id} />}</Route>
          <Route path="/flows/:id/versions/:version">
            {(p) => <EditorPage key={`${p.id}@${p.version}`} flowId={p.id} version={Number(p.version)} />}
          </Route>
          <Route path="/runs" component={RunsPage} />
          <Route path="/runs/:id">{(p) => <RunDetailPage key={p.id} id={p.id} />}</Route>
          <Route path="/contacts" component={ContactsPage} />
          <Route path="/contacts/:id">
            {(p) => <ContactPage key={p.id} id={decodeURIComponent(p.id)} />}
          </Route>
          <Route path="/accounts" component={AccountsPage} />
          <Route path="/accounts/:key">
            {(p) => <AccountPage key={p.key} accountKey={accountKeyOf(p.key)} />}
          </Route>
          <Route path="/scores" component={ScoresPage} />
          <Route path="/scores/models" component={ScoringModelsPage} />
          <Route path="/scores/models/:id">{(p) => <ModelEditorPage key={p.id} id={p.id} />}</Route>
          <Route path="/emails" component={EmailsPage} />
          <Route path="/emails/new">{() => <TemplateEditorPage />}</Route>
          <Route path="/emails/:name">
            {(p) => <TemplateEditorPage key={p.name} name={decodeURIComponent(p.name)} />}
          </Route>
          <Route path="/settings/frequency-caps" component={FrequencyCapsPage} />
          <Route path="/settings/users" component={UsersPage} />
          <Route path="/health" component={HealthPage} />
          <Route>
            <div className="empty-page">
              <h1>Page not found</h1>
              <a href="/">Back to flows</a>
            </div>
          </Route>
        </Switch>
      </main>
    </>
  );
}
