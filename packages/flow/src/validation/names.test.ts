import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../catalog.js';
import { node } from '../testing/builders.js';
import { afterColon, listNames, nodeNamer } from './names.js';

describe('nodeNamer', () => {
  it('tells unlabelled steps of one type apart by place: top to bottom, then left to right', () => {
    const steps = [
      node('c', 'action.addTag', undefined, { x: 0, y: 200 }),
      node('b', 'action.addTag', undefined, { x: 300, y: 100 }),
      node('a', 'action.addTag', undefined, { x: 0, y: 100 }),
      ...Array.from({ length: 9 }, (_, i) => node(`z${i}`, 'action.addTag', undefined, { x: 0, y: 300 + i })),
      { ...node('l', 'action.addTag'), label: '  ' },
      node('t', 'trigger.tagAdded'),
    ];
    const name = nodeNamer(steps, getNodeDefinition);
    const byId = (id: string) => name(steps.find((s) => s.id === id) as (typeof steps)[number]);
    expect(byId('a')).toBe('the second Add tag step from the top');
    expect(byId('b')).toBe('the third Add tag step from the top');
    expect(byId('c')).toBe('the fourth Add tag step from the top');
    // A blank label is no label; it sits at the origin, so first.
    expect(byId('l')).toBe('the first Add tag step from the top');
    expect(byId('z8')).toBe('the 13th Add tag step from the top');
    expect(byId('t')).toBe('the Tag added trigger');
  });

  it('names an unknown type as such', () => {
    const odd = { ...node('x', 'action.teleport'), label: 'Beam up' };
    expect(nodeNamer([odd], getNodeDefinition)(odd)).toBe('Unknown step "Beam up"');
  });
});

describe('listNames', () => {
  it('joins with commas and "and", and cuts long lists short', () => {
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(listNames(['A', 'B', 'C'], 2)).toBe('A, B and 1 more');
  });
});

describe('afterColon', () => {
  it('lowers the first letter of a message that goes on after a step name', () => {
    expect(afterColon('The change must not be zero')).toBe('the change must not be zero');
    expect(afterColon('A score name is required')).toBe('a score name is required');
  });

  it('keeps acronyms, quoted names and one-letter words as written', () => {
    expect(afterColon('URL must start with https')).toBe('URL must start with https');
    expect(afterColon('"Welcome" is not an email template')).toBe('"Welcome" is not an email template');
    expect(afterColon('I')).toBe('I');
  });
});
