import type { VersionSummary } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { flowsApi } from '../api/flows.js';
import { relativeTime } from '../components/time.js';

/** Published versions of a flow, newest first; each opens read-only. */
export function VersionsPanel({
  flowId,
  reloadKey,
  current,
  draftUnchanged,
}: {
  flowId: string;
  reloadKey: number;
  current?: number;
  /** In the draft's editor: whether the draft equals the newest version (undefined: not known). */
  draftUnchanged?: boolean | undefined;
}) {
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey changes when a version is published
  useEffect(() => {
    let live = true;
    flowsApi
      .versions(flowId)
      .then((v) => {
        if (live) setVersions([...v].sort((a, b) => b.version - a.version));
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [flowId, reloadKey]);
  return (
    <section className="versions" data-testid="versions" aria-label="Versions">
      <h2>Versions</h2>
      {error && <p className="field-error">{error}</p>}
      {versions?.length === 0 && (
        <p className="muted small">Not published yet. Publishing freezes a version.</p>
      )}
      {versions && versions.length > 0 && draftUnchanged !== undefined && (
        <p className="muted small" data-testid="draft-state">
          {draftUnchanged
            ? `The draft is the same as version ${versions[0]?.version}.`
            : `The draft has changes that are not published yet.`}
        </p>
      )}
      <ul>
        {versions?.map((v) => (
          <li key={v.version} className={v.version === current ? 'current' : ''}>
            <Link href={`/flows/${flowId}/versions/${v.version}`}>Version {v.version}</Link>
            <span className="muted small" title={new Date(v.publishedAt).toLocaleString()}>
              {' '}
              published {relativeTime(v.publishedAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
