/** Where to press on the canvas to pan it; shared by the e2e tests and the UI bench. */
import type { Page } from 'playwright-core';

interface HitTesting {
  document: { elementFromPoint(x: number, y: number): { classList: { contains(name: string): boolean } } | null };
}

/** A point of the canvas where a press lands on the empty pane (not on a node or link), for panning. */
export async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  const point = await page.evaluate((area) => {
    const { document } = globalThis as unknown as HitTesting;
    for (let y = area.y + area.height * 0.3; y < area.y + area.height * 0.7; y += 7) {
      for (let x = area.x + area.width * 0.3; x < area.x + area.width * 0.7; x += 7) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  }, box);
  if (!point) throw new Error('no empty spot on the canvas to pan from');
  return point;
}
