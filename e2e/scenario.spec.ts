/**
 * A document's scenario played from the designer against the real helper:
 * the step the run is at is highlighted as the schedule moves, its effects
 * show on the canvas as they happen (a cut link drawn cut, a crashed node
 * greyed), every step ends ok, and Stop ends a run half-way. The context
 * menus that make the same faults by hand are in faults.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerPath, openDesigner, screenshot, WORK_DIR } from './designer.js';

const host = (id: string, x: number) => ({ id, kind: 'host', name: id, position: { x, y: 0 } });

/**
 * Two hosts on a switch: the link cut and restored, b crashed and restarted, then a ping that must pass.
 * A fault lasts 4.5 s: long enough to be seen drawn on a machine at load 15 (2.5 s was not).
 */
const STEPS = [
  { at: '0.5s', do: 'link down', link: 'a-lan' },
  { at: '5s', do: 'link up', link: 'a-lan' },
  { at: '6s', do: 'node crash', node: 'b' },
  { at: '10.5s', do: 'node restart', node: 'b' },
  {
    at: '12s',
    do: 'exec',
    host: 'a',
    argv: ['ping', '-c', '3', '-i', '0.2', '-W', '1', 'b'],
    expect: { exit: 0, output: '3 packets transmitted' },
  },
];

const document = (steps: unknown[]) => ({
  version: 1,
  // The helper locks a running network's directory by name: one no other suite uses.
  name: 'scen-ui scenario e2e',
  nodes: [host('a', 0), host('b', 300), { id: 'lan', kind: 'switch', name: 'lan', position: { x: 150, y: 160 } }],
  links: [
    { id: 'a-lan', a: { node: 'a', address: '10.0.1.1/24' }, b: { node: 'lan' } },
    { id: 'b-lan', a: { node: 'b', address: '10.0.1.2/24' }, b: { node: 'lan' } },
  ],
  routing: 'auto',
  scenario: { steps },
});

async function openScenarioDocument(page: Page, steps: unknown[]): Promise<void> {
  const path = join(WORK_DIR, `scenario-${Date.now()}.json`);
  writeFileSync(path, JSON.stringify(document(steps)));
  await openDesigner(page);
  await page.getByTestId('btn-open').click();
  await answerPath(page, path);
  await expect(page.getByTestId('scenario-panel')).toBeVisible();
}

async function start(page: Page): Promise<void> {
  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
}

const step = (page: Page, index: number) => page.getByTestId(`scenario-step-${index}`);

/** Waits until the run is at `index` (the step that started last). */
async function atStep(page: Page, index: number): Promise<void> {
  await expect(step(page, index)).toHaveAttribute('data-current', 'true', { timeout: 15_000 });
  await expect(page.locator('[data-testid^="scenario-step-"][data-current="true"]')).toHaveCount(1);
}

interface Drawn {
  step: number;
  cut: boolean;
  crashed: boolean;
}

/** The page's globals the recorder uses (e2e code is compiled without the DOM's types). */
interface PageGlobals {
  document: { body: unknown; querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  drawn?: Drawn[];
}

/**
 * Records, in the page, what the canvas shows each time it changes: the current step, whether a-lan
 * is drawn cut and b crashed. A fault lasts seconds; a test runner stalled by a loaded machine could
 * look too late, the page's own record cannot.
 */
async function recordCanvas(page: Page): Promise<void> {
  await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals;
    const { document } = globals;
    const seen: Drawn[] = [];
    const attr = (testId: string, name: string) =>
      document.querySelector(`[data-testid="${testId}"]`)?.getAttribute(name) ?? null;
    const record = () => {
      const current = document.querySelector('[data-testid^="scenario-step-"][data-current="true"]');
      if (!current) return;
      const step = Number(current.getAttribute('data-testid')?.replace('scenario-step-', ''));
      seen.push({
        step,
        cut: attr('edge-a-lan', 'data-up') === 'false',
        crashed: attr('node-b', 'data-crashed') === 'true',
      });
    };
    new globals.MutationObserver(record).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-up', 'data-crashed', 'data-current'],
    });
    globals.drawn = seen;
  });
}

/** What the canvas showed, in order: each change of a-lan's cut or b's crash, with the step current when it was drawn. */
async function drawn(page: Page): Promise<Drawn[]> {
  const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).drawn ?? []);
  const shown = (d: Drawn) => `${d.cut}/${d.crashed}`;
  return seen.filter((d, i) => shown(d) !== shown(seen[i - 1] ?? { step: 0, cut: false, crashed: false }));
}

test.describe('scenario panel', () => {
  test.afterEach(async ({ page }) => {
    if (await page.getByTestId('btn-stop').isEnabled()) {
      await page.getByTestId('btn-stop').click();
      await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
    }
  });

  test('plays the steps on time: the highlight moves, the canvas shows each fault, all end ok', async ({ page }) => {
    test.setTimeout(120_000);
    await openScenarioDocument(page, STEPS);
    // The steps in the command line's words; Play waits for a running network.
    await expect(step(page, 0)).toContainText('link a-lan down');
    await expect(step(page, 4)).toContainText('exec a -- ping -c 3 -i 0.2 -W 1 b');
    await expect(page.getByTestId('btn-scenario-play')).toBeDisabled();
    await start(page);

    await recordCanvas(page);
    await page.getByTestId('btn-scenario-play').click();
    await expect(page.getByTestId('btn-scenario-play')).toBeDisabled();
    await atStep(page, 0);
    await expect(page.getByTestId('scenario-result')).toHaveText('scenario passed', { timeout: 60_000 });
    for (const index of [0, 1, 2, 3, 4]) await expect(step(page, index)).toHaveAttribute('data-state', 'ok');
    // Each fault was drawn while its own step was the latest, then undone, in the schedule's order.
    expect(await drawn(page)).toEqual([
      { step: 0, cut: true, crashed: false },
      { step: expect.any(Number), cut: false, crashed: false },
      { step: 2, cut: false, crashed: true },
      { step: expect.any(Number), cut: false, crashed: false },
    ]);
    // An ended run is at no step.
    await expect(page.locator('[data-testid^="scenario-step-"][data-current="true"]')).toHaveCount(0);
    await expect(step(page, 4)).toContainText('ok');
    await expect(page.getByTestId('scenario-elapsed')).not.toHaveText('0.000s');
    // Played again only on demand.
    await expect(page.getByTestId('btn-scenario-play')).toBeEnabled();
    await screenshot(page, 'scenario-panel');
  });

  test('Stop ends a run half-way: the later steps never run', async ({ page }) => {
    // The second step is far off, so Stop comes before it however loaded the machine is.
    await openScenarioDocument(page, [STEPS[0], { ...STEPS[1], at: '60s' }]);
    await start(page);
    await page.getByTestId('btn-scenario-play').click();
    await atStep(page, 0);
    await expect(step(page, 0)).toHaveAttribute('data-state', 'ok');
    await expect(page.getByTestId('edge-a-lan')).toHaveAttribute('data-up', 'false');
    await page.getByTestId('btn-scenario-stop').click();

    await expect(page.getByTestId('scenario-result')).toHaveText('scenario stopped');
    await expect(page.getByTestId('scenario-panel')).toHaveAttribute('data-state', 'ended');
    await expect(step(page, 1)).toHaveAttribute('data-state', 'pending');
    await expect(page.getByTestId('btn-scenario-stop')).toBeDisabled();
    await expect(page.getByTestId('btn-scenario-play')).toBeEnabled();
    // The clock stopped with the run.
    const elapsed = await page.getByTestId('scenario-elapsed').innerText();
    await page.waitForTimeout(1_000);
    await expect(page.getByTestId('scenario-elapsed')).toHaveText(elapsed);
  });
});
