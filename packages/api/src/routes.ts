import type { Route } from './route.js';
import { ACCESS } from './routes/access.js';
import { ACCOUNTS } from './routes/accounts.js';
import { CONTACTS } from './routes/contacts.js';
import { EVENTS, SEGMENT } from './routes/events.js';
import { FLOWS } from './routes/flows.js';
import { REPORTS } from './routes/reports.js';
import { RUNS } from './routes/runs.js';
import { SCORES, SCORING_MODELS } from './routes/scoring.js';
import { SETTINGS } from './routes/settings.js';
import { SYSTEM } from './routes/system.js';
import { TEMPLATES } from './routes/templates.js';
import { VERSION_MOVES } from './routes/versionMoves.js';

/** The routes of the HTTP API by area: `API.flows.get` is `GET /api/flows/:id`. */
export const API = {
  system: SYSTEM,
  flows: FLOWS,
  runs: RUNS,
  reports: REPORTS,
  events: EVENTS,
  segment: SEGMENT,
  contacts: CONTACTS,
  accounts: ACCOUNTS,
  scores: SCORES,
  scoringModels: SCORING_MODELS,
  access: ACCESS,
  templates: TEMPLATES,
  settings: SETTINGS,
  versionMoves: VERSION_MOVES,
};

/**
 * Every route of the HTTP API, in registration order. The server refuses to start if it registers
 * a route that is not here, and the OpenAPI document is built from this list.
 */
export const ROUTES: readonly Route[] = Object.values(API).flatMap((area) =>
  Object.values(area).flatMap((r) => (Array.isArray(r) ? r : [r])),
) as Route[];
