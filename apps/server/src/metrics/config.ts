import { z } from 'zod';
import { ConfigError } from '../config.js';

const MetricsEnv = z.object({
  /** A bearer token that may read /metrics and nothing else; unset: only admin credentials may. */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.string().min(16, 'must be 16 characters at least').optional()),
  /** Where a `--role worker` process serves /metrics and /healthz; unset: it opens no port. */
  METRICS_PORT: z
    .string()
    .optional()
    .transform((v) => (v === '' || v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(0).max(65535).optional()),
});

export interface MetricsConfig {
  token: string | undefined;
  workerPort: number | undefined;
}

/** METRICS_TOKEN and METRICS_PORT, checked like the rest of the configuration. */
export function loadMetricsConfig(env: NodeJS.ProcessEnv): MetricsConfig {
  const parsed = MetricsEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return { token: parsed.data.METRICS_TOKEN, workerPort: parsed.data.METRICS_PORT };
}
