/**
 * The icons node types may name, as Lucide icon names (https://lucide.dev/icons). The flow package
 * stays free of React: the editor maps each name to its component, and a name missing there is a
 * compile error. Emoji were used before and rendered as empty boxes where no emoji font is installed.
 */
export const NODE_ICONS = [
  'activity',
  'alarm-clock',
  'award',
  'bookmark',
  'building-2',
  'calculator',
  'circle-plus',
  'door-open',
  'equal',
  'gauge',
  'hourglass',
  'layers',
  'list-checks',
  'list-minus',
  'list-plus',
  'list-start',
  'mail',
  'megaphone',
  'pencil',
  'search',
  'split',
  'square-pen',
  'tag-plus',
  'tag-x',
  'tags',
  'target',
  'trending-up',
  'webhook',
  'zap',
] as const;
export type NodeIcon = (typeof NODE_ICONS)[number];
