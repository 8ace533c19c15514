import { API } from '@scoreflow/api';
import { call } from './client.js';

/** Where contacts go whose step the new version no longer has. */
export type MissingStep = { kind: 'exit' } | { kind: 'node'; nodeId: string };

/** Where contacts wait per version and step, and moving them to the latest version. */
export const versionMovesApi = {
  positions: async (id: string) => (await call(API.versionMoves.positions, { params: { id } })).items,
  moveToLatest: (id: string, missing: MissingStep) =>
    call(API.versionMoves.moveToLatest, { params: { id }, body: { missing } }),
};
