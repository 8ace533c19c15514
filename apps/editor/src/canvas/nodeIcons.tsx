import type { NodeIcon } from '@scoreflow/flow';
import {
  Activity,
  AlarmClock,
  Bookmark,
  Calculator,
  CircleHelp,
  CirclePlus,
  DoorOpen,
  Equal,
  Gauge,
  Hourglass,
  Layers,
  ListChecks,
  ListMinus,
  ListPlus,
  ListStart,
  type LucideIcon,
  Mail,
  Megaphone,
  Pencil,
  Search,
  Split,
  SquarePen,
  TagPlus,
  Tags,
  TagX,
  Target,
  TrendingUp,
  Webhook,
  Zap,
} from 'lucide-react';

// Named imports (not lucide's whole `icons` object) so the bundle holds only the icons in use.
const ICONS: Record<NodeIcon, LucideIcon> = {
  activity: Activity,
  'alarm-clock': AlarmClock,
  bookmark: Bookmark,
  calculator: Calculator,
  'circle-plus': CirclePlus,
  'door-open': DoorOpen,
  equal: Equal,
  gauge: Gauge,
  hourglass: Hourglass,
  layers: Layers,
  'list-checks': ListChecks,
  'list-minus': ListMinus,
  'list-plus': ListPlus,
  'list-start': ListStart,
  mail: Mail,
  megaphone: Megaphone,
  pencil: Pencil,
  search: Search,
  split: Split,
  'square-pen': SquarePen,
  'tag-plus': TagPlus,
  'tag-x': TagX,
  tags: Tags,
  target: Target,
  'trending-up': TrendingUp,
  webhook: Webhook,
  zap: Zap,
};

/** A node type's icon; decorative, the type's label beside it names the step. Unknown types get a "?". */
export function NodeIconView({ icon, size = 16 }: { icon: NodeIcon | undefined; size?: number }) {
  const Icon = icon ? ICONS[icon] : CircleHelp;
  return <Icon size={size} aria-hidden="true" focusable="false" />;
}
