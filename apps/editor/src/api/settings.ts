import { API } from '@scoreflow/api';
import type { FrequencyCaps } from '@scoreflow/flow';
import { call } from './client.js';

/** The workspace's settings: the frequency caps on emails. */
export const settingsApi = {
  frequencyCaps: () => call(API.settings.getFrequencyCaps),
  /** Replaces every rule at once; the answer is the caps as stored. */
  putFrequencyCaps: (caps: FrequencyCaps) => call(API.settings.putFrequencyCaps, { body: caps }),
};
