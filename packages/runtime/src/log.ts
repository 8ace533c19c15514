/** The runtime's logger: pino's shape, so the server passes its pino logger as it is. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** A logger whose every line carries `bindings` (pino's child loggers). */
  child?(bindings: object): Log;
}

/**
 * A logger whose lines carry `bindings` and whatever `more` returns at the time of the line (the runs
 * a job has touched so far). Uses the logger's own `child` when it has one.
 */
export function bindLog(
  log: Log | undefined,
  bindings: object,
  more: () => object = () => ({}),
): Log | undefined {
  if (!log) return undefined;
  const bound: Log = log.child ? log.child(bindings) : wrap(log, () => bindings);
  return wrap(bound, more);
}

function wrap(log: Log, extra: () => object): Log {
  return {
    info: (obj, msg) => log.info({ ...extra(), ...obj }, msg),
    warn: (obj, msg) => log.warn({ ...extra(), ...obj }, msg),
    error: (obj, msg) => log.error({ ...extra(), ...obj }, msg),
    child: (bindings) => bindLog(log, bindings, extra) as Log,
  };
}
