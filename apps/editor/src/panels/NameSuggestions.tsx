import { useShallow } from 'zustand/react/shallow';
import type { NameKind } from '../api/flows.js';
import { useEditor } from '../store/context.js';
import { COMMON_EVENTS, useServerNames } from './form/suggestions.js';

const FIELD_OF: Record<NameKind | 'events', string> = {
  scores: 'score',
  tags: 'tag',
  lists: 'list',
  templates: 'template',
  events: 'event',
};

function NameList({ kind }: { kind: NameKind | 'events' }) {
  const server = useServerNames(kind === 'events' ? null : kind);
  const field = FIELD_OF[kind];
  // Names already used in this flow are the most likely ones to be typed again.
  const inFlow = useEditor(
    useShallow((s) => {
      const out = new Set<string>();
      for (const n of s.nodes) {
        const v = n.data.config[field];
        if (typeof v === 'string' && v.trim()) out.add(v);
      }
      return [...out].sort();
    }),
  );
  const extra = kind === 'events' ? COMMON_EVENTS : kind === 'scores' ? ['SCORE'] : [];
  const all = [...new Set([...server, ...inFlow, ...extra])];
  return (
    <datalist id={`names-${kind}`}>
      {all.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}

/** Datalists that name fields (score, tag, list, template, event) point at for suggestions. */
export function NameSuggestions() {
  return (
    <>
      <NameList kind="scores" />
      <NameList kind="tags" />
      <NameList kind="lists" />
      <NameList kind="templates" />
      <NameList kind="events" />
    </>
  );
}
