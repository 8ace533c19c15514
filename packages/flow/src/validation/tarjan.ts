/**
 * Strongly connected components of a graph given as adjacency lists over 0..n-1 (Tarjan, with an
 * explicit stack so that long chains cannot overflow the call stack). Linear in nodes + edges.
 */
export function stronglyConnectedComponents(adjacency: readonly (readonly number[])[]): number[][] {
  const n = adjacency.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  const frames: { v: number; next: number }[] = [];
  let counter = 0;

  const enter = (v: number) => {
    order[v] = counter;
    low[v] = counter;
    counter += 1;
    stack.push(v);
    onStack[v] = true;
    frames.push({ v, next: 0 });
  };

  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { v: number; next: number };
      const v = frame.v;
      const targets = adjacency[v] ?? [];
      if (frame.next < targets.length) {
        const w = targets[frame.next] as number;
        frame.next += 1;
        if (order[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v] as number, order[w] as number);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low[parent.v] = Math.min(low[parent.v] as number, low[v] as number);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}
