import { getNodeDefinition, isNodeType } from '@scoreflow/flow';
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { TriangleAlert } from 'lucide-react';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useEditor } from '../store/context.js';
import type { StepNode } from '../store/types.js';
import { AbTestResults } from './AbTestResults.js';
import { useNodeBadges } from './badges.js';
import { NodeIconView } from './nodeIcons.js';
import { AB_TEST, handleLabels, useStepOutputs } from './outputs.js';
import { describeStep, needsClamp } from './summary.js';

/**
 * Tells React Flow when a step's handles change (a variant added to an A/B test), so connections
 * attach to the new handles; not on mount, where React Flow measures every node anyway.
 */
function useHandlesChanged(id: string, outputs: readonly string[]) {
  const update = useUpdateNodeInternals();
  const key = outputs.join(' ');
  const seen = useRef(key);
  useEffect(() => {
    if (seen.current === key) return;
    seen.current = key;
    update(id);
  }, [id, key, update]);
}

/**
 * The canvas body of every step. Memoized and subscribed only to its own diagnostic level, so moving
 * one node never re-renders another.
 */
function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const issue = useEditor((s) => s.nodeIssues[id]);
  const onPath = useEditor((s) => s.dryRun?.nodes[id] === true);
  const badges = useNodeBadges(id);
  const known = isNodeType(data.type);
  const def = known ? getNodeDefinition(data.type) : null;
  const { summary, valid } = useMemo(() => describeStep(data.type, data.config), [data.type, data.config]);
  const outputs = useStepOutputs(data.type, data.config, valid);
  const labels = useMemo(
    () => handleLabels(data.type, data.config, outputs),
    [data.type, data.config, outputs],
  );
  useHandlesChanged(id, outputs);
  const kind = def?.kind ?? 'unknown';
  return (
    <div
      className={`step kind-${kind}${outputs.length > 1 ? ' multi-out' : ''}${selected ? ' selected' : ''}${issue ? ` issue-${issue}` : ''}${onPath ? ' on-path' : ''}`}
      data-testid="step"
      data-type={data.type}
    >
      {kind !== 'trigger' && <Handle type="target" position={Position.Top} className="handle-in" />}
      <div className="step-head">
        <span className="step-icon">
          <NodeIconView icon={def?.icon} size={15} />
        </span>
        <span className="step-kind">{kind}</span>
        {issue && (
          <span className={`step-issue ${issue}`} title={issue === 'error' ? 'Has errors' : 'Has warnings'}>
            {issue === 'error' ? '!' : <TriangleAlert size={14} aria-hidden="true" />}
          </span>
        )}
      </div>
      {badges.length > 0 && (
        <div className="node-badges">
          {badges.map((b) => (
            <span
              key={`${b.tone}:${b.text}`}
              className={`node-badge ${b.tone}`}
              title={b.title}
              data-testid="node-badge"
            >
              {b.text}
            </span>
          ))}
        </div>
      )}
      <div className="step-label">{data.label || def?.label || data.type}</div>
      <div className={`step-summary${needsClamp(summary) ? ' clamp' : ''}`} data-testid="step-summary">
        {summary}
      </div>
      {data.type === AB_TEST && <AbTestResults nodeId={id} />}
      {outputs.length === 1 && <Handle type="source" position={Position.Bottom} id={outputs[0] ?? null} />}
      {outputs.length > 1 &&
        outputs.map((out, i) => {
          const left = `${((i + 1) / (outputs.length + 1)) * 100}%`;
          return (
            <div key={out}>
              <Handle
                type="source"
                position={Position.Bottom}
                id={out}
                style={{ left }}
                className={`handle-out handle-${out}`}
                data-testid={`handle-${out}`}
              />
              <span className={`handle-label label-${out}`} style={{ left }}>
                {labels[i] ?? out}
              </span>
            </div>
          );
        })}
    </div>
  );
}

export const StepNodeMemo = memo(StepNodeView);
