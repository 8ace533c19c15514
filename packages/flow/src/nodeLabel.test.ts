import { describe, expect, it } from 'vitest';
import { nodeName, nodeTypeLabel } from './nodeLabel.js';

const doc = {
  nodes: [
    { id: 'w1', type: 'action.webhook', position: { x: 0, y: 0 }, config: {}, label: 'Call the CRM' },
    { id: 't1', type: 'trigger.event', position: { x: 0, y: 0 }, config: {} },
  ],
};

describe('nodeName', () => {
  it('gives the node label with its type', () => {
    expect(nodeName(doc, 'w1').text).toBe(`Call the CRM (${nodeTypeLabel('action.webhook')})`);
    expect(nodeName(doc, 'w1').name).toBe('Call the CRM');
  });
  it('falls back to the type label when the node has no label', () => {
    expect(nodeName(doc, 't1')).toEqual({
      name: nodeTypeLabel('trigger.event'),
      typeLabel: nodeTypeLabel('trigger.event'),
      text: nodeTypeLabel('trigger.event'),
    });
    expect(nodeTypeLabel('trigger.event')).not.toBe('trigger.event');
  });
  it('keeps the id only for a node missing from the document', () => {
    expect(nodeName(doc, 'gone', 'action.webhook').text).toBe(`${nodeTypeLabel('action.webhook')} gone`);
    expect(nodeName(null, 'x').text).toBe('Step x');
    expect(nodeTypeLabel('custom.thing')).toBe('custom.thing');
  });
});
