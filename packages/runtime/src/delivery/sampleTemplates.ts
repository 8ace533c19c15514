import type { EmailTemplate, Store } from '@scoreflow/store';

/** The name under which the sample templates are recorded as seeded (never seeded again after). */
export const SAMPLE_TEMPLATES_SEED = 'sample_email_templates';

/** A plain sample: a greeting, one paragraph, and the unsubscribe link in both parts. */
const sample = (name: string, subject: string, body: string): EmailTemplate => ({
  name,
  subject,
  html: [
    '<p>Hi,</p>',
    `<p>${body}</p>`,
    '<p style="font-size:12px"><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  ].join('\n'),
  text: ['Hi,', '', body, '', 'Unsubscribe: {{ unsubscribe_url }}'].join('\n'),
});

/**
 * Templates a new installation starts with: the one the Send email step names by default, and those of
 * the "Welcome series" starter flow, so both work out of the box. They use only variables every
 * contact has, so they render for anyone.
 */
export const SAMPLE_TEMPLATES: readonly EmailTemplate[] = [
  sample(
    'welcome',
    'Welcome aboard',
    'Thanks for signing up. Reply to this email if we can help with anything.',
  ),
  sample('welcome-1', 'Welcome aboard', 'Thanks for joining our newsletter. Here is what to expect from us.'),
  sample('welcome-2', 'Getting the most out of it', 'Three things our customers do in their first week.'),
  sample('welcome-offer', 'An offer for you', 'Thanks for reading along: here is 20% off your first month.'),
  sample(
    'welcome-reminder',
    'Did you miss this?',
    'We sent you a few tips last week; they are still worth a look.',
  ),
];

/**
 * Creates the sample templates once per database. A template of the same name that already exists is
 * left as it is, and once the seed is recorded a deleted sample is never created again.
 */
export function seedSampleTemplates(store: Store): Promise<boolean> {
  return store.seeds.once(SAMPLE_TEMPLATES_SEED, async () => {
    for (const template of SAMPLE_TEMPLATES) {
      if (!(await store.emailTemplates.get(template.name))) await store.emailTemplates.upsert(template);
    }
  });
}
