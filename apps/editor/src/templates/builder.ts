import { type FlowDocument, type FlowSettings, getNodeDefinition, isNodeType } from '@scoreflow/flow';

const COL = 280;
const ROW = 150;

/**
 * Builds a template document from catalog definitions: every node starts from its type's default
 * config, so a template follows the catalog when a default changes.
 */
export class TemplateBuilder {
  private readonly doc: FlowDocument;
  private seq = 0;

  constructor(settings: FlowSettings) {
    this.doc = { schemaVersion: 1, settings, nodes: [], edges: [] };
  }

  /** Adds a node at grid cell (col, row) and returns its id. */
  node(type: string, config: Record<string, unknown>, col: number, row: number, label?: string): string {
    if (!isNodeType(type)) throw new Error(`Template uses unknown node type ${type}`);
    const id = `n${++this.seq}`;
    const defaults = getNodeDefinition(type).defaultConfig as Record<string, unknown>;
    this.doc.nodes.push({
      id,
      type,
      position: { x: col * COL, y: row * ROW },
      config: { ...defaults, ...config },
      ...(label ? { label } : {}),
    });
    return id;
  }

  /** Connects `source` (through output `handle` when it has several) to `target`. */
  link(source: string, target: string, handle?: string): this {
    this.doc.edges.push({
      id: `e${++this.seq}`,
      source,
      target,
      ...(handle ? { sourceHandle: handle } : {}),
    });
    return this;
  }

  build(): FlowDocument {
    return structuredClone(this.doc);
  }
}
