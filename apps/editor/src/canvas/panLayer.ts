import { useCallback, useRef } from 'react';

/**
 * While the viewport moves, the canvas wrapper gets `panning`: the CSS then gives React Flow's viewport
 * its own compositor layer, so a pan or zoom moves the already drawn steps instead of drawing all of them
 * again every frame. The layer goes when the move ends, so the steps are drawn sharp again at the new
 * zoom. A class on the element rather than React state, because a re-render of the canvas per pan would
 * cost what the layer saves.
 */
export function usePanLayer() {
  const ref = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback(() => ref.current?.classList.add('panning'), []);
  const onMoveEnd = useCallback(() => ref.current?.classList.remove('panning'), []);
  return { ref, onMoveStart, onMoveEnd };
}
