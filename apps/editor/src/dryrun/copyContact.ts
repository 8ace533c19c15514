import type { ContactDetail } from '@scoreflow/api';
import { ENGAGEMENT_LEVELS, type EngagementLevel } from '@scoreflow/flow';

/** The dry-run form's contact fields, as text the marketer can still edit. */
export interface ContactFields {
  scores: string;
  tags: string;
  lists: string;
  attributes: string;
  engagement: EngagementLevel;
}

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * A real contact as the dry run's test contact: its scores, tags, lists, attributes and engagement
 * level written into the form's fields, so the copy runs exactly as typed ones would. Attributes that
 * are not a text, number or true/false (nested objects) cannot be typed in the form and are left out,
 * and said so in `skipped`.
 */
export function fieldsOfContact(contact: ContactDetail): { fields: ContactFields; skipped: string[] } {
  const attributes = Object.entries(contact.attributes);
  const level = contact.engagement.level;
  return {
    fields: {
      scores: Object.entries(contact.scores)
        .map(([name, value]) => `${name} = ${value}`)
        .join('\n'),
      tags: contact.tags.join(', '),
      lists: contact.lists.join(', '),
      attributes: attributes
        .filter(([, v]) => isScalar(v))
        .map(([name, v]) => `${name} = ${String(v)}`)
        .join('\n'),
      engagement: (ENGAGEMENT_LEVELS as readonly string[]).includes(level)
        ? (level as EngagementLevel)
        : 'neutral',
    },
    skipped: attributes.filter(([, v]) => !isScalar(v)).map(([name]) => name),
  };
}
