import type { FlowDocument } from './document.js';

/**
 * A complete, valid lead-scoring flow: a click adds 10 points; past 50 the contact joins
 * "Qualified leads" and gets the "Talk to sales" email. Used by tests and as a starter template.
 */
export function leadScoringExample(): FlowDocument {
  return {
    schemaVersion: 1,
    settings: { name: 'Lead scoring: link clicks', reentry: { mode: 'always' }, exits: [] },
    nodes: [
      {
        id: 'clicked',
        type: 'trigger.event',
        position: { x: 0, y: 0 },
        config: { event: 'email.clicked', where: [{ property: 'campaign', op: 'eq', value: 'welcome' }] },
      },
      {
        id: 'add10',
        type: 'action.adjustScore',
        position: { x: 0, y: 120 },
        config: { score: 'SCORE', delta: 10, floor: 0, cap: 100 },
      },
      {
        id: 'over50',
        type: 'condition.score',
        position: { x: 0, y: 240 },
        config: { score: 'SCORE', op: '>', value: 50 },
      },
      {
        id: 'qualify',
        type: 'action.addToList',
        position: { x: -150, y: 360 },
        config: { list: 'Qualified leads' },
      },
      {
        id: 'email',
        type: 'action.sendEmail',
        position: { x: -150, y: 480 },
        config: { template: 'Talk to sales' },
      },
      {
        id: 'notYet',
        type: 'control.exit',
        position: { x: 150, y: 360 },
        config: { reason: 'Not qualified yet' },
      },
    ],
    edges: [
      { id: 'e1', source: 'clicked', target: 'add10' },
      { id: 'e2', source: 'add10', target: 'over50' },
      { id: 'e3', source: 'over50', sourceHandle: 'yes', target: 'qualify' },
      { id: 'e4', source: 'qualify', target: 'email' },
      { id: 'e5', source: 'over50', sourceHandle: 'no', target: 'notYet' },
    ],
  };
}
