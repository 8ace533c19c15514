import { describe, expect, it } from 'vitest';
import { moveOutcome } from './moveOutcome.js';

describe('what moving waiting contacts did', () => {
  it('counts the moved, those sent to the chosen step and those taken out', () => {
    expect(moveOutcome({ toVersion: 2, moved: 12, redirected: 3, exited: 0 }, 'Nudge')).toBe(
      '12 contacts moved, 3 sent to Nudge, 0 taken out',
    );
  });

  it('leaves out the step when those contacts were taken out', () => {
    expect(moveOutcome({ toVersion: 3, moved: 1, redirected: 0, exited: 2 })).toBe(
      '1 contact moved, 2 taken out',
    );
  });
});
