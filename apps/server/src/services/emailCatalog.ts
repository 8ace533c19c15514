import { checkEmailTemplates, type Diagnostic, type EmailCatalog, validateFlow } from '@scoreflow/flow';
import { templateVariables } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';

/** What the Send email checks need: every template with its variables, attribute keys, score names. */
export async function emailCatalog(store: Store): Promise<EmailCatalog> {
  const templates = await store.emailTemplates.list();
  return {
    templates: templates.map((t) => ({ name: t.name, variables: templateVariables(t) })),
    ...(await store.emailTemplates.variableNames()),
  };
}

/**
 * The flow's own diagnostics plus those only this installation can give: a Send email step naming a
 * template that does not exist, or using variables no contact has.
 */
export async function diagnoseFlow(store: Store, document: unknown): Promise<Diagnostic[]> {
  return [...validateFlow(document), ...checkEmailTemplates(document, await emailCatalog(store))];
}
