import { API } from '@scoreflow/api';
import { verifyUnsubscribeToken } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import express, { type Response, type Router } from 'express';
import { guardedRouter } from '../http/guardedRouter.js';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    // The page is reached from an email: it must not be framed, cached or leak the token onwards.
    .set({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ` +
        `content="width=device-width"><title>${escapeHtml(title)}</title><style>body{font:16px/1.5 ` +
        `system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font:inherit;` +
        `padding:.5rem 1rem}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

/**
 * The unsubscribe link of every marketing email: `GET /u/<token>` shows a confirmation page (a GET never
 * unsubscribes, because mail scanners open links), `POST /u/<token>` unsubscribes, both from that page
 * and as the RFC 8058 one-click POST (`List-Unsubscribe=One-Click`) that mail clients send themselves.
 */
export function unsubscribeRoutes(store: Store): Router {
  const router = guardedRouter();

  const contactOf = async (token: string) => {
    const id = await verifyUnsubscribeToken(store, token);
    return id === undefined ? undefined : store.contacts.get(id);
  };
  const invalid = (res: Response) =>
    page(res, 404, 'Link not recognised', '<p>This unsubscribe link is not valid or has been cut short.</p>');

  router.on(API.templates.unsubscribePage, async (req, res) => {
    const contact = await contactOf(req.params.token);
    if (!contact) return invalid(res);
    if (contact.unsubscribedAt !== null) {
      return page(res, 200, 'You are unsubscribed', '<p>You will not receive marketing emails from us.</p>');
    }
    page(
      res,
      200,
      'Unsubscribe',
      `<p>Stop marketing emails to <strong>${escapeHtml(contact.email ?? 'this address')}</strong>?</p>` +
        `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        '<button type="submit">Unsubscribe</button></form>',
    );
  });

  router.on(
    API.templates.unsubscribe,
    express.urlencoded({ extended: false, limit: '1kb' }),
    async (req, res) => {
      const contact = await contactOf(req.params.token);
      if (!contact) return invalid(res);
      await store.contacts.unsubscribe(contact.id);
      page(res, 200, 'You are unsubscribed', '<p>You will not receive marketing emails from us.</p>');
    },
  );

  return router.router;
}
