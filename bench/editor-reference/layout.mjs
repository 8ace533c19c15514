/**
 * The flow shape both sides of the editor bench draw: a chain of `n` steps laid out as a snake over a
 * square grid, so that the product and the reference page put the same number of nodes and edges at the
 * same places.
 */

/** Grid spacing in flow units: wide enough for the editor's 220 px step cards not to overlap. */
export const GAP_X = 300;
export const GAP_Y = 160;

/**
 * Node ids, positions and the chain's edges for `n` nodes.
 * @param {number} n
 */
export function gridLayout(n) {
  const cols = Math.ceil(Math.sqrt(n));
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i += 1) {
    const row = Math.floor(i / cols);
    // Odd rows run right to left so that every edge joins neighbours.
    const col = row % 2 === 0 ? i % cols : cols - 1 - (i % cols);
    nodes.push({ id: `n${i}`, x: col * GAP_X, y: row * GAP_Y });
    if (i > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` });
  }
  return { nodes, edges };
}

/**
 * The node the bench drags: the one in the middle of the grid, which fitView puts in the middle of the
 * canvas, far from the edges where React Flow would start panning by itself.
 * @param {number} n
 */
export function dragTarget(n) {
  const cols = Math.ceil(Math.sqrt(n));
  const row = Math.floor(Math.ceil(n / cols) / 2);
  const col = Math.floor(cols / 2);
  return `n${Math.min(n - 1, row * cols + (row % 2 === 0 ? col : cols - 1 - col))}`;
}
