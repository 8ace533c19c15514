import { describe, expect, it } from 'vitest';
import { doc, edge, node } from '../testing/builders.js';
import { checkEmailTemplates } from './emailTemplates.js';

const flow = (template: string, extra: ReturnType<typeof node>[] = []) =>
  doc(
    [node('t', 'trigger.event'), ...extra, node('m', 'action.sendEmail', { template })],
    [edge('e0', 't', 'm')],
  );

const catalog = {
  templates: [
    { name: 'talk-to-sales', variables: ['contact.email', 'contact.scores.SCORE'] },
    { name: 'hello', variables: ['contact.attributes.firstName', 'contact.scores.FIT'] },
  ],
  attributes: ['plan'],
  scores: [],
};

describe('checkEmailTemplates', () => {
  it('reads any JSON without throwing: nodes that are not objects, fields of the wrong type', () => {
    const garbage = [
      { nodes: [null] },
      { nodes: [1, 'x', [], { type: 'action.sendEmail', id: 'm', label: 7, position: null, config: null }] },
      { nodes: [{ type: 'action.sendEmail', id: 'm', position: { x: 'a' }, config: { template: 'nope' } }] },
      null,
      [],
    ];
    for (const document of garbage) expect(() => checkEmailTemplates(document, catalog)).not.toThrow();
    expect(checkEmailTemplates(garbage[2], catalog).map((d) => d.code)).toEqual(['unknown_template']);
  });

  it('is an error when the template does not exist, pointing at the step and its field', () => {
    const [d, ...rest] = checkEmailTemplates(flow('welcome'), catalog);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'unknown_template',
      severity: 'error',
      nodeId: 'm',
      path: ['nodes', 1, 'config', 'template'],
    });
    expect(d?.message).toMatch(/^The Send email step sends the email "welcome", which does not exist/);
    expect(checkEmailTemplates(flow('talk-to-sales'), catalog)).toEqual([]);
  });

  it('warns about variables no contact provides, unless the flow itself sets them', () => {
    const d = checkEmailTemplates(flow('hello'), catalog);
    expect(d.map((x) => [x.code, x.severity])).toEqual([
      ['unknown_template_variable', 'warning'],
      ['unknown_template_variable', 'warning'],
    ]);
    expect(d[0]?.message).toMatch(/contact\.attributes\.firstName.*the attribute "firstName"/);
    const sets = [
      node('a', 'action.setAttribute', { attribute: 'firstName', value: 'x' }),
      node('s', 'action.adjustScore', { score: 'FIT', delta: 1 }),
    ];
    expect(checkEmailTemplates(flow('hello', sets), catalog)).toEqual([]);
  });
});
