import type { ContactView, OutboundEffect, TypesOfKind } from '@scoreflow/engine';
import type { OutboxEntry, RunRecord } from '@scoreflow/store';
import type { DeliveryContext } from '../delivery/context.js';
import { deliverEmail } from '../delivery/email.js';
import { deliverSalesNotice } from '../delivery/salesNotice.js';
import { deliverWebhook } from '../delivery/webhook.js';

export type ActionType = TypesOfKind<'action'>;

/** What an outbound step's payload is built from, inside the transaction that ran it. */
export interface PayloadArgs<T extends ActionType> {
  run: RunRecord;
  /** The contact as the run started. */
  contact: ContactView;
  eventId: string | null;
  effect: OutboundEffect<T>;
}

/**
 * An action whose effect leaves the process: written as an outbox row of kind `outbox` in the run's
 * transaction (or skipped, with the reason shown on the step), delivered after commit by `deliver`.
 * `deliver` resolves when the row is delivered, returns a reason when it deliberately was not, and
 * throws a DeliveryError when the attempt failed (permanent ones are not retried).
 */
export interface OutboundAction<T extends ActionType> {
  /** Stored on every row: never renamed once shipped. */
  outbox: string;
  payload(args: PayloadArgs<T>): { payload: Record<string, unknown> } | { skipped: string };
  deliver(row: OutboxEntry, context: DeliveryContext): Promise<undefined | { skipped: string }>;
}

/**
 * 'contact': the action's effects change the contact (score, attribute, tag, list) inside the
 * transaction, and triggers may fire on them; nothing is delivered.
 */
export type ActionRuntime<T extends ActionType> = 'contact' | OutboundAction<T>;

const contactSummary = ({ run, contact }: PayloadArgs<ActionType>) => ({
  id: run.contactId,
  email: contact.email ?? null,
  scores: contact.scores,
});

/** One entry per action type: an action added to the catalog without one is a compile error. */
export const actionRuntime: { readonly [T in ActionType]: ActionRuntime<T> } = {
  'action.adjustScore': 'contact',
  'action.setScore': 'contact',
  'action.setAttribute': 'contact',
  'action.addTag': 'contact',
  'action.removeTag': 'contact',
  'action.addToList': 'contact',
  'action.removeFromList': 'contact',
  'action.sendEmail': {
    outbox: 'email',
    // Consent is enforced here, below every flow: no flow can email a contact who unsubscribed.
    payload: ({ contact, effect }) =>
      contact.unsubscribed
        ? { skipped: 'not sent: the contact unsubscribed' }
        : !contact.email
          ? { skipped: 'not sent: the contact has no email address' }
          : { payload: { template: effect.config.template, to: contact.email } },
    deliver: async (row, { deps, email }) => {
      const outcome = await deliverEmail(deps.store, row, email);
      return outcome.status === 'skipped' ? { skipped: outcome.reason } : undefined;
    },
  },
  'action.webhook': {
    outbox: 'webhook',
    payload: (args) => ({
      payload: {
        url: args.effect.config.url,
        body: {
          type: 'scoreflow.webhook',
          flowId: args.run.flowId,
          flowVersion: args.run.flowVersion,
          runId: args.run.id,
          nodeId: args.effect.nodeId,
          eventId: args.eventId,
          contact: contactSummary(args),
        },
      },
    }),
    deliver: async (row, context) => {
      await deliverWebhook(row, context);
      return undefined;
    },
  },
  'action.notifySales': {
    outbox: 'notifySales',
    payload: (args) => ({
      payload: {
        to: args.effect.config.to,
        message: args.effect.config.message,
        contact: contactSummary(args),
      },
    }),
    // An email to the contact's owner or the step's address; without SMTP the step fails, saying so.
    deliver: async (row, { deps, email }) => {
      await deliverSalesNotice(deps.store, row, email);
      return undefined;
    },
  },
};
