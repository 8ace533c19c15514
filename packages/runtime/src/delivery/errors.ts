import { CodedError } from '@scoreflow/flow';

/** `delivery_failed` may succeed on a retry; `delivery_refused` never will. */
export type DeliveryErrorCode = 'delivery_failed' | 'delivery_refused';

/**
 * A delivery that did not happen. `permanent` failures (a blocked webhook target, a template that does
 * not render) will not get better by retrying, so the step fails at once instead of after every backoff.
 */
export class DeliveryError extends CodedError<DeliveryErrorCode> {
  readonly permanent: boolean;

  constructor(message: string, options: { permanent?: boolean } = {}) {
    super(options.permanent ? 'delivery_refused' : 'delivery_failed', message);
    this.permanent = options.permanent ?? false;
  }
}
