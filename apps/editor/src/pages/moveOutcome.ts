import type { MoveSummary } from '@scoreflow/api';

const contacts = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;

/**
 * What moving waiting contacts to the new version did: "12 contacts moved, 3 sent to Nudge, 0 taken
 * out". `sentTo` names the step chosen for contacts whose step is gone; without one they were taken out.
 */
export function moveOutcome(summary: MoveSummary, sentTo?: string): string {
  const parts = [`${contacts(summary.moved)} moved`];
  if (sentTo !== undefined || summary.redirected > 0)
    parts.push(`${summary.redirected} sent to ${sentTo ?? 'another step'}`);
  parts.push(`${summary.exited} taken out`);
  return parts.join(', ');
}
