import { edge, flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editorStore.js';

const emailFlow = (template: string) =>
  flow(
    [node('t', 'trigger.event', { event: 'email.clicked' }), node('m', 'action.sendEmail', { template })],
    [edge('e', 't', 'm')],
    { name: 'Emails' },
  );

const emailCatalog = {
  templates: [{ name: 'talk-to-sales', variables: ['contact.email'] }],
  attributes: [],
  scores: ['SCORE'],
};

describe('editor store: Send email steps against the installation', () => {
  it('marks a step naming a missing template, and clears it when an existing one is chosen', () => {
    const store = createEditorStore(emailFlow('welcome'), { emailCatalog });
    const s = () => store.getState();
    expect(s().diagnostics.map((d) => d.code)).toEqual(['unknown_template']);
    expect(s().nodeIssues).toEqual({ m: 'error' });
    s().updateConfig('m', { template: 'talk-to-sales' });
    expect(s().diagnostics).toEqual([]);
    expect(s().nodeIssues).toEqual({});
  });

  it('checks the flow alone when the catalog could not be loaded', () => {
    const store = createEditorStore(emailFlow('welcome'), { emailCatalog: null });
    expect(store.getState().diagnostics).toEqual([]);
  });
});
