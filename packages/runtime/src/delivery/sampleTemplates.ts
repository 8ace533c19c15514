import type { EmailTemplate, Store } from '@scoreflow/store';

/** The name under which the sample templates are recorded as seeded (never seeded again after). */
export const SAMPLE_TEMPLATES_SEED = 'sample_email_templates';

/**
 * Templates a new installation starts with, so the Send email step's default names one that exists.
 * They use only variables every contact has, so they render for anyone.
 */
export const SAMPLE_TEMPLATES: readonly EmailTemplate[] = [
  {
    name: 'welcome',
    subject: 'Welcome aboard',
    html: [
      '<p>Hi,</p>',
      '<p>Thanks for signing up. Reply to this email if there is anything we can help with.</p>',
      '<p style="font-size:12px"><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    ].join('\n'),
    text: [
      'Hi,',
      '',
      'Thanks for signing up. Reply to this email if there is anything we can help with.',
      '',
      'Unsubscribe: {{ unsubscribe_url }}',
    ].join('\n'),
  },
  {
    name: 'newsletter',
    subject: 'What is new this month',
    html: [
      '<p>Hi,</p>',
      '<p>Here is what we shipped this month.</p>',
      '<p style="font-size:12px"><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    ].join('\n'),
    text: ['Hi,', '', 'Here is what we shipped this month.', '', 'Unsubscribe: {{ unsubscribe_url }}'].join(
      '\n',
    ),
  },
];

/**
 * Creates the sample templates once per database. A template of the same name that already exists is
 * left as it is, and once the seed is recorded a deleted sample is never created again.
 */
export function seedSampleTemplates(store: Store): boolean {
  return store.seeds.once(SAMPLE_TEMPLATES_SEED, () => {
    for (const template of SAMPLE_TEMPLATES) {
      if (!store.emailTemplates.get(template.name)) store.emailTemplates.upsert(template);
    }
  });
}
