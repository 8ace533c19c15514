import { useCallback, useRef } from 'react';

/**
 * While the viewport moves, the canvas wrapper gets `panning` (and `pointer-pan` when the mouse drags
 * it): the CSS then gives React Flow's viewport its own compositor layer, so a pan moves the already
 * drawn steps instead of drawing all of them again every frame, and takes the steps out of hit testing,
 * which otherwise runs over every step on every mouse move. The layer goes when the move ends, so the
 * steps are drawn sharp again at the new zoom. A class on the element rather than React state, because a
 * re-render of the canvas per pan would cost what the layer saves.
 */
export function usePanLayer() {
  const ref = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    const el = ref.current;
    if (!el) return;
    el.classList.add('panning');
    // A wheel zoom keeps the steps clickable: the next click may come before the move is over.
    if (event && (event.type === 'mousedown' || event.type === 'pointerdown' || event.type === 'touchstart'))
      el.classList.add('pointer-pan');
  }, []);
  const onMoveEnd = useCallback(() => ref.current?.classList.remove('panning', 'pointer-pan'), []);
  return { ref, onMoveStart, onMoveEnd };
}
