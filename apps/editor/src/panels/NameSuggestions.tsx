import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NameKind } from '../api/flows.js';
import { settingsApi } from '../api/settings.js';
import { useEditor } from '../store/context.js';
import { COMMON_EVENTS, useServerNames } from './form/suggestions.js';

type Kind = NameKind | 'events' | 'categories';

const FIELD_OF: Record<Kind, string> = {
  scores: 'score',
  tags: 'tag',
  lists: 'list',
  templates: 'template',
  events: 'event',
  categories: 'category',
};

// Once per page load, like the other name lists: caps change rarely, and a stale hint is harmless.
let capCategories: Promise<string[]> | undefined;

/** The categories the workspace's frequency caps limit: the ones worth giving a Send email step. */
function useCapCategories(enabled: boolean): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    capCategories ??= settingsApi.frequencyCaps().then(
      (caps) => caps.rules.flatMap((r) => (r.category ? [r.category] : [])),
      () => [],
    );
    void capCategories.then((n) => {
      if (live) setNames(n);
    });
    return () => {
      live = false;
    };
  }, [enabled]);
  return names;
}

function NameList({ kind }: { kind: Kind }) {
  const fromServer = useServerNames(kind === 'events' || kind === 'categories' ? null : kind);
  const fromCaps = useCapCategories(kind === 'categories');
  const server = kind === 'categories' ? fromCaps : fromServer;
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

/** Datalists that name fields (score, tag, list, template, event, category) point at for suggestions. */
export function NameSuggestions() {
  return (
    <>
      <NameList kind="scores" />
      <NameList kind="tags" />
      <NameList kind="lists" />
      <NameList kind="templates" />
      <NameList kind="events" />
      <NameList kind="categories" />
    </>
  );
}
