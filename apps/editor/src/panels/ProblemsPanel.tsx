import type { Diagnostic } from '@scoreflow/flow';
import { useReactFlow } from '@xyflow/react';
import { Check, OctagonX, TriangleAlert } from 'lucide-react';
import { useEditor } from '../store/context.js';

function targetNode(d: Diagnostic, edges: readonly { id: string; source: string }[]): string | undefined {
  if (d.nodeId) return d.nodeId;
  if (d.edgeId) return edges.find((e) => e.id === d.edgeId)?.source;
  return undefined;
}

/**
 * Every diagnostic of the flow; clicking one selects its step and brings it into view. Messages
 * already name their step ("Event trigger "Link clicked" leads nowhere"), as the server's 422 does.
 */
export function ProblemsPanel() {
  const diagnostics = useEditor((s) => s.diagnostics);
  const selectOnly = useEditor((s) => s.selectOnly);
  const store = useEditor((s) => s.edges);
  const { fitView } = useReactFlow();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const focus = (d: Diagnostic) => {
    const id = targetNode(d, store);
    if (!id) return;
    selectOnly(id);
    void fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.2, padding: 0.5 });
  };
  return (
    <section className="problems" data-testid="problems" aria-label="Problems">
      <h2>
        Problems{' '}
        <span className="counts">
          {errors === 0 && warnings === 0 ? (
            <span className="ok">
              none <Check size={14} aria-hidden="true" />
            </span>
          ) : (
            <>
              {errors > 0 && (
                <span className="count error">
                  {errors} error{errors === 1 ? '' : 's'}
                </span>
              )}
              {warnings > 0 && (
                <span className="count warning">
                  {warnings} warning{warnings === 1 ? '' : 's'}
                </span>
              )}
            </>
          )}
        </span>
      </h2>
      <ul>
        {diagnostics.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics carry no id; order is stable per edit
          <li key={i}>
            <button
              type="button"
              className={`problem ${d.severity}`}
              data-code={d.code}
              onClick={() => focus(d)}
            >
              <span className="sev" role="img" aria-label={d.severity}>
                {d.severity === 'error' ? (
                  <OctagonX size={15} aria-hidden="true" />
                ) : (
                  <TriangleAlert size={15} aria-hidden="true" />
                )}
              </span>
              <span>{d.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
