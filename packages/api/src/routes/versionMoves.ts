import { z } from 'zod';
import { ALL, EDIT } from '../permissions.js';
import { ok, route } from '../route.js';

/** Contacts waiting at one step of one version, and whether that step is still there. */
export const WaitingPosition = z.object({
  version: z.number().int(),
  nodeId: z.string(),
  /** The step's name as the canvas of that version shows it. */
  nodeName: z.string(),
  count: z.number().int().min(0),
  /** A step of the same id and type is in the draft: a move after publishing keeps these contacts there. */
  inDraft: z.boolean(),
  /** The same, in the latest published version. */
  inLatest: z.boolean(),
});
export type WaitingPosition = z.infer<typeof WaitingPosition>;

/** Where contacts go whose step the new version no longer has. */
export const MissingStepChoice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exit') }),
  z.strictObject({ kind: z.literal('node'), nodeId: z.string().min(1) }),
]);

export const MoveToLatestBody = z.strictObject({ missing: MissingStepChoice });

export const MoveSummary = z.object({
  toVersion: z.number().int(),
  /** Now on the latest version at the same step, their waits kept. */
  moved: z.number().int(),
  /** Sent to the chosen step, as their step is gone. */
  redirected: z.number().int(),
  /** Taken out of the flow, as their step is gone. */
  exited: z.number().int(),
});
export type MoveSummary = z.infer<typeof MoveSummary>;

const tag = 'Flows';

export const VERSION_MOVES = {
  positions: route({
    method: 'get',
    path: '/api/flows/:id/positions',
    permission: ALL,
    tag,
    summary:
      'Contacts waiting in the flow, per version and step, and whether each step is in the draft and the latest version',
    responses: ok('Positions', z.object({ items: z.array(WaitingPosition) })),
  }),
  moveToLatest: route({
    method: 'post',
    path: '/api/flows/:id/move-to-latest',
    permission: EDIT,
    tag,
    summary:
      'Moves the contacts waiting in older versions to the latest version at the same step (waits keep their due times); those whose step is gone exit or go to a chosen step',
    body: MoveToLatestBody,
    responses: ok('What was moved', MoveSummary),
  }),
};
