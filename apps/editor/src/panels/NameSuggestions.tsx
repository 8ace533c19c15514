import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { NameKind } from '../api/flows.js';
import { scoringModelsApi } from '../api/scoring.js';
import { settingsApi } from '../api/settings.js';
import { useEditor } from '../store/context.js';
import { COMMON_EVENTS, useServerNames } from './form/suggestions.js';

type Kind = NameKind | 'events' | 'categories' | 'models';

const FIELD_OF: Record<Kind, string> = {
  scores: 'score',
  tags: 'tag',
  lists: 'list',
  templates: 'template',
  events: 'event',
  categories: 'category',
  models: 'model',
};

/**
 * Names read from a settings-like source instead of the names endpoint: the categories the
 * workspace's frequency caps limit (the ones worth giving a Send email step), and the scoring
 * models (grade conditions and triggers name one).
 */
const LOADERS = {
  categories: async () =>
    (await settingsApi.frequencyCaps()).rules.flatMap((r) => (r.category ? [r.category] : [])),
  models: async () => (await scoringModelsApi.list()).map((m) => m.name),
};
type Loaded = keyof typeof LOADERS;
const isLoaded = (kind: Kind): kind is Loaded => kind in LOADERS;

// Once per page load, like the other name lists: these change rarely, and a stale hint is harmless.
const loaded = new Map<Loaded, Promise<string[]>>();

function useLoadedNames(kind: Loaded | null): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (kind === null) return;
    let live = true;
    let names = loaded.get(kind);
    if (!names) {
      names = LOADERS[kind]().catch(() => []);
      loaded.set(kind, names);
    }
    void names.then((n) => {
      if (live) setNames(n);
    });
    return () => {
      live = false;
    };
  }, [kind]);
  return names;
}

function NameList({ kind }: { kind: Kind }) {
  const fromServer = useServerNames(kind === 'events' || isLoaded(kind) ? null : kind);
  const fromLoader = useLoadedNames(isLoaded(kind) ? kind : null);
  const server = isLoaded(kind) ? fromLoader : fromServer;
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

/** Datalists that name fields (score, tag, list, template, event, category, model) point at for suggestions. */
export function NameSuggestions() {
  return (
    <>
      <NameList kind="scores" />
      <NameList kind="tags" />
      <NameList kind="lists" />
      <NameList kind="templates" />
      <NameList kind="events" />
      <NameList kind="categories" />
      <NameList kind="models" />
    </>
  );
}
