import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';

const REDACTED = '[redacted]';

/** The token of an unsubscribe link (`GET`/`POST /u/<token>`), whatever its case or extra slashes. */
const UNSUBSCRIBE_TOKEN = /^(\/+u\/+)[^/]+/i;

/**
 * A request URL as the log may show it: the path with the unsubscribe token replaced, and the query
 * string with every parameter's name but none of its values (`/api/flows?token=[redacted]&x=[redacted]`).
 *
 * All query values go, not only those of names that look secret: a name list (token, key, sig, ...)
 * always misses the next one a client or a provider invents (`hmac`, `jwt`, `ticket`), and values such as
 * emails or search terms are personal data the log does not need either. The names are enough to see
 * which request it was.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const at = url.indexOf('?');
  const path = (at === -1 ? url : url.slice(0, at)).replace(UNSUBSCRIBE_TOKEN, `$1${REDACTED}`);
  if (at === -1) return path;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return names.length === 0
    ? path
    : `${path}?${names.map((name) => `${encodeURIComponent(name)}=${REDACTED}`).join('&')}`;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming request id may look like: a proxy's or load balancer's id (a UUID, hex, `Root=1-...`)
 * is kept so one id follows the request through every hop; anything longer or with other characters
 * (spaces, quotes, control characters that could forge log lines or headers) is replaced by our own.
 */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$/;

/** The request's id: the proxy's when well formed, else a new UUID; answered in `x-request-id`. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The request log: one short line per request (health checks and metrics scrapes left out). */
export function requestLog(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: {
      ignore: (req) => (req.url?.startsWith('/healthz') || req.url?.startsWith('/metrics')) ?? false,
    },
    // Headers would log cookies and tokens and drown the rest; the URL is redacted (see redactUrl).
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
