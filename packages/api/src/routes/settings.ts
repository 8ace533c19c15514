import { FrequencyCaps } from '@scoreflow/flow';
import { ALL, EDIT } from '../permissions.js';
import { ok, route } from '../route.js';

const tag = 'Settings';

export const SETTINGS = {
  getFrequencyCaps: route({
    method: 'get',
    path: '/api/settings/frequency-caps',
    permission: ALL,
    tag,
    summary: "The workspace's frequency caps on emails (no rules: emails are not capped)",
    responses: ok('The caps', FrequencyCaps),
  }),
  putFrequencyCaps: route({
    method: 'put',
    path: '/api/settings/frequency-caps',
    permission: EDIT,
    tag,
    summary: 'Replaces the frequency caps; they apply to every email sent from then on',
    body: FrequencyCaps,
    responses: ok('The caps as stored', FrequencyCaps),
  }),
};
