import { checkEmailTemplates, type Diagnostic, type EmailCatalog, validateFlow } from '@scoreflow/flow';
import { templateVariables } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';

/** What the Send email checks need: every template with its variables, attribute keys, score names. */
export function emailCatalog(store: Store): EmailCatalog {
  return {
    templates: store.emailTemplates.list().map((t) => ({ name: t.name, variables: templateVariables(t) })),
    ...store.emailTemplates.variableNames(),
  };
}

/**
 * The flow's own diagnostics plus those only this installation can give: a Send email step naming a
 * template that does not exist, or using variables no contact has.
 */
export function diagnoseFlow(store: Store, document: unknown): Diagnostic[] {
  return [...validateFlow(document), ...checkEmailTemplates(document, emailCatalog(store))];
}
