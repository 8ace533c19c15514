import { configIssues, getNodeDefinition, isNodeType, nodeCatalogJson } from '@scoreflow/flow';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NodeIconView } from '../canvas/nodeIcons.js';
import { useEditor } from '../store/context.js';
import type { JsonSchema } from './form/jsonSchema.js';
import { type FieldErrors, SchemaForm } from './form/SchemaForm.js';

let schemas: Map<string, JsonSchema> | undefined;
function schemaOf(type: string): JsonSchema | undefined {
  schemas ??= new Map(nodeCatalogJson().map((i) => [i.type, i.configSchema as JsonSchema]));
  return schemas.get(type);
}

/**
 * A config's problems keyed by the path inside the config ("delta", "where.0.value"). The form
 * words them without the step's name (the panel is that step), from the same plain-word messages
 * the problems list and the server's 422 use.
 */
export function fieldErrors(type: string, config: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of configIssues(type, config)) {
    if (issue.path.length === 0) continue;
    out[issue.path.join('.')] ??= issue.message;
  }
  return out;
}

/** The form for the selected step: its name on the canvas, its config, and its problems. */
export function ConfigPanel({ nodeId }: { nodeId: string }) {
  const data = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const readOnly = useEditor((s) => s.readOnly);
  const diags = useEditor(useShallow((s) => s.diagnostics.filter((d) => d.nodeId === nodeId)));
  const { updateConfig, updateLabel, deleteSelection } = useEditor(
    useShallow((s) => ({
      updateConfig: s.updateConfig,
      updateLabel: s.updateLabel,
      deleteSelection: s.deleteSelection,
    })),
  );
  const errors = useMemo(() => (data ? fieldErrors(data.type, data.config) : {}), [data]);
  if (!data) return null;
  const def = isNodeType(data.type) ? getNodeDefinition(data.type) : undefined;
  const schema = schemaOf(data.type);
  const general = diags.filter((d) => !(d.path && d.path[2] === 'config' && d.path.length > 3));
  return (
    <div className="config-panel" data-testid="config-panel">
      <div className="panel-title">
        <span className="panel-icon">
          <NodeIconView icon={def?.icon} size={22} />
        </span>
        <div>
          <h2>{def?.label ?? data.type}</h2>
          <p className="muted small">
            {def?.description ?? 'This step type is not known. Delete it or replace it.'}
          </p>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`cfg-${nodeId}-label`}>
          Name on canvas <span className="optional">(optional)</span>
        </label>
        <input
          id={`cfg-${nodeId}-label`}
          type="text"
          disabled={readOnly}
          placeholder={def?.label}
          value={data.label ?? ''}
          onChange={(e) => updateLabel(nodeId, e.target.value)}
        />
      </div>
      {schema && (
        <SchemaForm
          idPrefix={`cfg-${nodeId}`}
          schema={schema}
          value={data.config}
          errors={errors}
          disabled={readOnly}
          onChange={(config, key) => updateConfig(nodeId, config, key)}
        />
      )}
      {general.length > 0 && (
        <ul className="node-problems">
          {general.map((d) => (
            <li key={`${d.code}:${d.message}`} className={d.severity}>
              {d.message}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <button type="button" className="danger-text link" onClick={deleteSelection}>
          Delete this step
        </button>
      )}
    </div>
  );
}
