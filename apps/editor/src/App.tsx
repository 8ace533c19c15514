import { Route, Switch } from 'wouter';
import { EditorPage } from './pages/EditorPage.js';
import { FlowsPage } from './pages/FlowsPage.js';

/** Routes: the flows list, a flow's draft, and a published version (read-only). */
export function App() {
  return (
    <Switch>
      <Route path="/" component={FlowsPage} />
      <Route path="/flows/:id">{(p) => <EditorPage key={p.id} flowId={p.id} />}</Route>
      <Route path="/flows/:id/versions/:version">
        {(p) => <EditorPage key={`${p.id}@${p.version}`} flowId={p.id} version={Number(p.version)} />}
      </Route>
      <Route>
        <div className="empty-page">
          <h1>Page not found</h1>
          <a href="/">Back to flows</a>
        </div>
      </Route>
    </Switch>
  );
}
