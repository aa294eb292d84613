/** Closing a menu on Escape or a press outside it. */
import { useEffect, useRef } from 'react';

/** The ref to put on the menu's container; `close` runs on Escape or a press outside it while `open`. */
export function useDismiss(open: boolean, close: () => void) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && close();
    const onPress = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) close();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPress);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPress);
    };
  }, [open, close]);
  return container;
}
