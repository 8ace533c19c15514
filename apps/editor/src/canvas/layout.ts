import type { XYPosition } from '@xyflow/react';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { StepEdge, StepNode } from '../store/types.js';
import { stepOutputs } from './outputs.js';

const elk = new ELK();
const DEFAULT_SIZE = { width: 220, height: 80 };

/**
 * Top-down layered positions for every node. Output ports keep their catalog order so a
 * condition's "yes" branch stays left of "no" and an A/B test's variants stay in order A, B, C.
 */
export async function autoLayout(
  nodes: readonly StepNode[],
  edges: readonly StepEdge[],
): Promise<Record<string, XYPosition>> {
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '50',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: nodes.map((n) => {
      const outputs = stepOutputs(n.data.type, n.data.config);
      return {
        id: n.id,
        width: n.measured?.width ?? DEFAULT_SIZE.width,
        height: n.measured?.height ?? DEFAULT_SIZE.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: outputs.map((o) => ({ id: `${n.id}:${o}`, layoutOptions: { 'elk.port.side': 'SOUTH' } })),
      };
    }),
    edges: edges.map((e) => {
      const source = nodes.find((n) => n.id === e.source);
      const handles = source ? stepOutputs(source.data.type, source.data.config) : [];
      const handle = e.sourceHandle ?? handles[0];
      const port = handle && handles.includes(handle) ? `${e.source}:${handle}` : e.source;
      return { id: e.id, sources: [port], targets: [e.target] };
    }),
  });
  const out: Record<string, XYPosition> = {};
  for (const c of graph.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return out;
}
