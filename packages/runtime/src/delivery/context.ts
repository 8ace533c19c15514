import type { Store } from '@scoreflow/store';
import type { EmailSettings } from './email.js';
import type { TargetPolicy } from './ssrf.js';

export interface DeliveryOptions {
  /** Per-request timeout of a webhook call. */
  webhookTimeoutMs?: number | undefined;
  /** Which private targets webhooks may call (default: none, only public addresses). */
  webhookPolicy?: Partial<TargetPolicy>;
  /** SMTP transport, sender and public URL; without a transport the outbox row is the delivered record. */
  email?: Partial<EmailSettings>;
}

export const DEFAULT_EMAIL_FROM = 'Scoreflow <scoreflow@localhost>';
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

/** What a delivery may use: the store, the clock and the transports' settings, defaults filled in. */
export interface DeliveryContext {
  deps: { store: Store; now: () => number };
  email: EmailSettings;
  webhook: { timeoutMs: number; allowPrivate: boolean; allowHosts: readonly string[] };
}

export function deliveryContext(
  deps: DeliveryContext['deps'],
  options: DeliveryOptions = {},
): DeliveryContext {
  return {
    deps,
    email: {
      transport: options.email?.transport,
      from: options.email?.from ?? DEFAULT_EMAIL_FROM,
      publicUrl: options.email?.publicUrl ?? DEFAULT_PUBLIC_URL,
    },
    webhook: {
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      allowPrivate: options.webhookPolicy?.allowPrivate ?? false,
      allowHosts: options.webhookPolicy?.allowHosts ?? [],
    },
  };
}
