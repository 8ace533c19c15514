import { z } from 'zod';
import { defineNode } from '../define.js';
import { Text } from './fields.js';

export const notifySalesAction = defineNode({
  type: 'action.notifySales',
  kind: 'action',
  label: 'Notify sales',
  description: 'Emails a salesperson about this contact.',
  icon: 'megaphone',
  configSchema: z.strictObject({ to: z.email().max(254), message: Text(2000) }),
  outputs: ['next'],
  defaultConfig: { to: 'sales@example.com', message: 'This lead is ready for a call.' },
  summary: (c) => `Notify ${c.to}`,
});
