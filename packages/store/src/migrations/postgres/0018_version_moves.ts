/** Migration 18 (`version_moves`) on PostgreSQL: run actions gain "move". */
export const versionMoves = `
ALTER TABLE run_actions DROP CONSTRAINT run_actions_action_check;
ALTER TABLE run_actions ADD CONSTRAINT run_actions_action_check
  CHECK (action IN ('retry', 'restart', 'cancel', 'fastForward', 'move'));
`;
