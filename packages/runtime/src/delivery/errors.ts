/**
 * A delivery that did not happen. `permanent` failures (a blocked webhook target, a template that does
 * not render) will not get better by retrying, so the step fails at once instead of after every backoff.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly permanent: boolean;

  constructor(message: string, options: { permanent?: boolean } = {}) {
    super(message);
    this.permanent = options.permanent ?? false;
  }
}
