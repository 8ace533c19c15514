import { API } from '@scoreflow/api';
import { call } from './client.js';

export const healthApi = {
  overview: () => call(API.system.healthOverview),
};
