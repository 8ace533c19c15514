import type { NodeTypes } from '@xyflow/react';
import { NoteNodeMemo } from './NoteNodeView.js';
import { StepNodeMemo } from './StepNodeView.js';

/**
 * Defined once at module level: React Flow remounts every node when this object's identity changes.
 * One entry per kind so styling and future kind-specific bodies stay separate.
 */
export const nodeTypes: NodeTypes = {
  trigger: StepNodeMemo,
  condition: StepNodeMemo,
  action: StepNodeMemo,
  control: StepNodeMemo,
  unknown: StepNodeMemo,
  // Sticky notes: not a step, drawn by their own component.
  note: NoteNodeMemo,
};
