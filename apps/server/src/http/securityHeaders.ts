import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every answer (the API reference and the unsubscribe page send
 * stricter ones of their own). Scripts only from this origin: the editor's build has no inline
 * script. Styles may be inline: the queue dashboard (bull-board) uses style attributes and injects
 * `<style>` elements, and React Flow positions nodes and edges with inline styles. Images may be
 * `data:` URIs (the favicon). Nothing may frame the app.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
} as const;

/**
 * helmet with the policy above. `upgrade-insecure-requests` is left out: installations reached over
 * plain HTTP on a private network (the default is 127.0.0.1) would otherwise lose every asset.
 * TLS is the job of the proxy in front; HSTS leaves out `includeSubDomains` because Scoreflow often
 * lives on a subdomain of a company site whose other subdomains it must not bind to HTTPS.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(
        Object.entries(CONTENT_SECURITY_POLICY).map(([name, values]) => [name, [...values]]),
      ),
    },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}
