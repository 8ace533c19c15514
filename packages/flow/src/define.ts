import type { z } from 'zod';
import type { NodeIcon } from './icons.js';

/** The four families of nodes; the editor groups its palette by kind. */
export const NODE_KINDS = ['trigger', 'condition', 'action', 'control'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** The handle used by single-output nodes, and by edges that name no handle. */
export const DEFAULT_HANDLE = 'next';

/** Output handles of a condition node. */
export const CONDITION_OUTPUTS = ['yes', 'no'] as const;

/**
 * One node type as written in its own file. `NodeDefinition` (catalog.ts) is the same shape with the
 * config type looked up from the type id.
 */
export interface NodeSpec<T extends string, C> {
  type: T;
  kind: NodeKind;
  label: string;
  description: string;
  /** The Lucide icon the editor draws in the palette and on the node. */
  icon: NodeIcon;
  /** Strict zod schema of the config: unknown keys are errors. */
  configSchema: z.ZodType<C>;
  /** Output handle ids; an empty list means the node ends the run. */
  outputs: readonly string[];
  /**
   * The handles of one configured node, when they depend on its config (an A/B test has one per
   * variant); a subset of `outputs`. Read through `nodeOutputs`.
   */
  outputsFor?(config: C): readonly string[];
  /**
   * The handles of a config that does not parse (yet: a share half typed), read from its shape, so
   * the canvas and validation keep the connections that config will have. Without it: `outputs`.
   */
  draftOutputs?(config: unknown): readonly string[];
  /** A config that passes `configSchema`; used for new nodes dropped from the palette. */
  defaultConfig: C;
  /** One line for the canvas ("+10 to SCORE"). Expects a config that passed `configSchema`. */
  summary(config: C): string;
  /**
   * Triggers only: what the trigger listens to (an event type, a score name, a tag...). The runtime
   * indexes active flows by (type, key) so incoming work is matched without scanning every flow.
   */
  triggerKey?(config: C): string;
}

/**
 * Declares a node type. The config type is inferred from the schema so the default config and the
 * summary are checked against it.
 */
export function defineNode<const T extends string, S extends z.ZodType>(spec: {
  type: T;
  kind: NodeKind;
  label: string;
  description: string;
  icon: NodeIcon;
  configSchema: S;
  outputs: readonly string[];
  outputsFor?: (config: z.output<S>) => readonly string[];
  draftOutputs?: (config: unknown) => readonly string[];
  defaultConfig: z.output<S>;
  summary(config: z.output<S>): string;
  triggerKey?: (config: z.output<S>) => string;
}): NodeSpec<T, z.output<S>> {
  return spec as NodeSpec<T, z.output<S>>;
}

/** Whether nodes of this kind take an incoming edge (triggers start a run, so they do not). */
export function kindHasInput(kind: NodeKind): boolean {
  return kind !== 'trigger';
}
