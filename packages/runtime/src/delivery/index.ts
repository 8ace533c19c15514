export * from './context.js';
export * from './deliver.js';
export * from './email.js';
export * from './errors.js';
export * from './ssrf.js';
export * from './templates.js';
export * from './unsubscribe.js';
export * from './webhook.js';
