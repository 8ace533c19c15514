import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, type Options, rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { RedisStore } from 'rate-limit-redis';
import { AppError } from './errors.js';

/** Sends one raw Redis command (`SCRIPT`, `EVALSHA`...): the limiter's only link to Redis. */
export type SendRedisCommand = (...args: string[]) => Promise<unknown>;

export interface RateLimitOptions {
  /** Length of a window in milliseconds. */
  windowMs: number;
  /** Requests one caller may make to `/api` in a window; 0 turns the limit off. */
  perCaller: number;
  /** Requests one write key may make to the Segment `/v1` API in a window; 0 turns the limit off. */
  perWriteKey: number;
  /**
   * Counts in Redis, so every API process shares them; without it each process counts on its own
   * (tests, single-process installs).
   */
  redis?: { sendCommand: SendRedisCommand; prefix: string; timeoutMs?: number } | undefined;
}

/**
 * 500 requests a second, Segment's own limit per source: enough for a backend sending events one by
 * one from a single address, low enough to stop a runaway client.
 */
export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  windowMs: 60_000,
  perCaller: 30_000,
  perWriteKey: 30_000,
};

// A slow or absent Redis must not hold requests: ingestion answers within a second even then.
const REDIS_TIMEOUT_MS = 300;

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 22);

const addressKey = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/**
 * Who a request counts against: its verified token, write key or user, else its address (IPv6 by
 * /64). Only verified credentials count, so a client cannot get a fresh count by sending made-up
 * tokens. Ids, not secrets, make the keys: no token reaches Redis or the logs.
 */
export async function rateLimitKey(req: Request): Promise<string> {
  const p = req.principal ?? (await req.access?.peek(req));
  if (p && p.kind !== 'anonymous') return `${p.kind}:${p.id}`;
  return `ip:${addressKey(req)}`;
}

/** The key a Segment request counts against: its write key (already checked), hashed. */
export const writeKeyRateLimitKey = (writeKey: string) => `wk:${digest(writeKey)}`;

function withTimeout(send: SendRedisCommand, timeoutMs: number): (...args: string[]) => Promise<never> {
  return (...args) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('rate limit store: Redis did not answer')), timeoutMs);
      send(...args).then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply as never);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
}

/**
 * rate-limit-redis loads its scripts once, at start; if Redis was down then, every later call would
 * fail on the same rejected promise. Reloading after a failure lets limits come back with Redis.
 */
class RecoveringRedisStore extends RedisStore {
  override async increment(key: string) {
    try {
      return await super.increment(key);
    } catch (err) {
      this.incrementScriptSha = this.loadIncrementScript();
      this.incrementScriptSha.catch(() => {});
      throw err;
    }
  }
}

function storeFor(options: RateLimitOptions, name: string): Store | undefined {
  if (!options.redis) return undefined;
  return new RecoveringRedisStore({
    sendCommand: withTimeout(options.redis.sendCommand, options.redis.timeoutMs ?? REDIS_TIMEOUT_MS),
    prefix: `${options.redis.prefix}:rl:${name}:`,
  });
}

function limiter(
  options: RateLimitOptions,
  logger: Logger,
  name: string,
  limit: number,
  keyGenerator: (req: Request, res: Response) => string | Promise<string>,
  extra: Partial<Options> = {},
): RequestHandler {
  if (limit <= 0) return (_req, _res, next) => next();
  const store = storeFor(options, name);
  const config: Partial<Options> = {
    windowMs: options.windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator,
    // Limits protect the service; they must never be why it stops accepting events.
    passOnStoreError: true,
    logger: {
      error: (err, message) => logger.warn({ err }, message ?? 'rate limit error'),
      warn: (err, message) => logger.warn({ err }, message ?? 'rate limit warning'),
    },
    // Our keys are not bare IPs (tokens, write keys), which the library's checks would flag.
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, res, next) => {
      const retryAfter = res.getHeader('Retry-After');
      next(
        new AppError(
          'too_many_requests',
          `More than ${limit} requests in ${Math.round(options.windowMs / 1000)} s; retry after ${retryAfter ?? '?'} s`,
        ),
      );
    },
  };
  if (store) config.store = store;
  return rateLimit({ ...config, ...extra });
}

/** The limiter of `/api` (per caller, see {@link rateLimitKey}); mount it after authentication. */
export function callerRateLimit(options: RateLimitOptions, logger: Logger): RequestHandler {
  return limiter(options, logger, 'caller', options.perCaller, rateLimitKey);
}

/**
 * The limiter of the Segment API, per write key: mount it after the key check, which leaves the key
 * it accepted in `res.locals.writeKey`.
 */
export function writeKeyRateLimit(options: RateLimitOptions, logger: Logger): RequestHandler {
  return limiter(options, logger, 'writekey', options.perWriteKey, (_req, res) =>
    writeKeyRateLimitKey(String(res.locals.writeKey ?? '')),
  );
}

/** Failed sign-ins one address may make per account in a window (15 minutes). */
export const LOGIN_ATTEMPTS = 10;

/**
 * Password guessing gets its own, much tighter limit than the API's: failed sign-ins per address and
 * account, successful ones not counted, so a person who mistypes twice is never locked out.
 */
export function loginRateLimit(options: RateLimitOptions, logger: Logger): RequestHandler {
  const email = (req: Request) => {
    const value = (req.body as { email?: unknown } | undefined)?.email;
    return typeof value === 'string' ? digest(value.trim().toLowerCase()) : '-';
  };
  return limiter(
    { ...options, windowMs: 15 * 60_000 },
    logger,
    'login',
    LOGIN_ATTEMPTS,
    (req) => `${addressKey(req)}:${email(req)}`,
    { skipSuccessfulRequests: true },
  );
}

/** Failed credential checks (bearer tokens, write keys) one address may make in a window (15 minutes). */
export const CREDENTIAL_FAILURES = 20;

/**
 * Token guessing is limited like password guessing: this handler is called only when a credential
 * check has failed, so each call counts one failure against the caller's address, and past
 * {@link CREDENTIAL_FAILURES} in 15 minutes the answer is 429 instead of 401. Valid credentials are
 * never counted, so a client with a good token is not locked out by someone guessing beside it.
 */
export function credentialGuessLimit(options: RateLimitOptions, logger: Logger): RequestHandler {
  return limiter({ ...options, windowMs: 15 * 60_000 }, logger, 'credentials', CREDENTIAL_FAILURES, (req) =>
    addressKey(req),
  );
}
