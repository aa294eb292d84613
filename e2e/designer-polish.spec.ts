/**
 * The designer's finish (issue 12): toolbar buttons are icons named by their
 * command, with the shortcut the menu shows; a refusal from the server reads
 * as a sentence; Export PNG draws the running canvas (icons, names, link
 * labels, status dots) under the document's name, at twice the canvas's size.
 * One page and one small network (hosts a, b on switch lan) shared by the
 * cases, in order.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerPath, openDesigner, WORK_DIR } from './designer.js';
import { decodePng, look } from './png.js';

test.describe.configure({ mode: 'serial' });

let page: Page;

const host = (id: string, x: number) => ({ id, kind: 'host', name: id, position: { x, y: 0 } });
const DOCUMENT = {
  version: 1,
  name: 'polish network',
  nodes: [host('a', 0), host('b', 300), { id: 'lan', kind: 'switch', name: 'lan', position: { x: 150, y: 200 } }],
  links: [
    { id: 'a-lan', a: { node: 'a' }, b: { node: 'lan' }, params: { rateBps: 10_000_000 } },
    { id: 'b-lan', a: { node: 'b' }, b: { node: 'lan' } },
  ],
};

test.beforeAll(async ({ browser }) => {
  const path = join(WORK_DIR, 'polish.json');
  writeFileSync(path, JSON.stringify(DOCUMENT));
  page = await browser.newPage();
  await openDesigner(page);
  await page.getByTestId('btn-open').click();
  await answerPath(page, path);
  await expect(page.getByTestId('document-name')).toHaveText('polish.json');
});

test.afterAll(async () => {
  if (await page.getByTestId('btn-stop').isEnabled()) {
    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  }
  await page.close();
});

test('toolbar buttons are icons named by their command, with the shortcut the menu shows', async () => {
  const tooltips = {
    'btn-new': 'New (Ctrl+N)',
    'btn-open': 'Open… (Ctrl+O)',
    'btn-save': 'Save (Ctrl+S)',
    'btn-save-as': 'Save as… (Ctrl+Shift+S)',
    'btn-undo': 'Undo (Ctrl+Z)',
    'btn-redo': 'Redo (Ctrl+Shift+Z)',
    'btn-layout': 'Automatic layout (Ctrl+Shift+L)',
    'btn-fit': 'Zoom to fit (Shift+1)',
    'btn-export': 'Export PNG (Ctrl+Shift+E)',
  };
  for (const [testId, tooltip] of Object.entries(tooltips)) {
    const button = page.getByTestId(testId);
    await expect(button).toHaveAttribute('title', tooltip);
    await expect(button).toHaveAccessibleName(tooltip.replace(/ \(.*\)$/, ''));
    await expect(button.locator('svg')).toHaveCount(1);
    await expect(button).toHaveText('');
  }
  await expect(page.getByTestId('btn-start')).toHaveAccessibleName('Start');
  await expect(page.locator('.toolbar')).not.toContainText(/[▶■↶↷▾]/);
});

test('a path the server refuses is said in words, without its method, code or Error', async () => {
  await page.getByTestId('btn-save-as').click();
  await answerPath(page, `${WORK_DIR}/${'a'.repeat(5000)}/network`);
  const problem = page.getByTestId('file-problem');
  await expect(problem).toHaveText('The folder is too long.');
  const said = (await problem.textContent()) ?? '';
  expect(said).not.toMatch(/^[a-z]+\.[a-zA-Z]+:|code 10\d\d|Error:/);
  await page.getByTestId('path-cancel').click();
});

/** `locator`'s box in the exported image: relative to the canvas, `scale` image pixels to a CSS pixel. */
async function boxIn(canvas: Locator, locator: Locator, scale: number) {
  const [outer, inner] = await Promise.all([canvas.boundingBox(), locator.boundingBox()]);
  if (!outer || !inner) throw new Error('not on screen');
  return {
    x: (inner.x - outer.x) * scale,
    y: (inner.y - outer.y) * scale,
    width: inner.width * scale,
    height: inner.height * scale,
  };
}

test('Export PNG draws the running canvas under the document name, at twice its size', async () => {
  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('node-status-a')).toBeVisible();
  await expect(page.getByTestId('edge-label-a-lan')).toContainText('10');
  // Hosts coming up announce themselves (IPv6 neighbour discovery): the label shows rates, then not. The
  // boxes are measured after the export, so it happens once the label stands still.
  await expect(page.getByTestId('link-rates-a-lan')).toHaveCount(0, { timeout: 20_000 });
  // A host's rates rows arrive with its first counters and push its name up: drawn first, measured after.
  for (const id of ['a', 'b']) await expect(page.getByTestId(`node-counters-${id}`)).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByTestId('btn-export').click();
  expect((await download).suggestedFilename()).toBe('polish.png');
  const pixels = decodePng(readFileSync(await (await download).path()));
  const canvas = page.locator('[data-testid="canvas"] .react-flow');
  const shown = await canvas.boundingBox();
  if (!shown) throw new Error('the canvas is not shown');
  expect({ width: pixels.width, height: pixels.height }).toEqual({
    width: Math.round(shown.width * 2),
    height: Math.round(shown.height * 2),
  });

  const whole = look(pixels, { x: 0, y: 0, width: pixels.width, height: pixels.height });
  expect(whole.dark).toBeGreaterThan(0);
  expect(whole.dark).toBeLessThan(0.5);
  for (const drawn of [
    page.getByTestId('node-a').locator('svg').first(),
    page.getByTestId('node-name-b'),
    page.getByTestId('edge-label-a-lan'),
  ])
    // Drawn, not blank (a blank box reads 0): a label of one short line in its padded box reads 0.04.
    expect(look(pixels, await boxIn(canvas, drawn, 2)).dark).toBeGreaterThan(0.02);
  // The status dot is green.
  const [red = 0, green = 0, blue = 0] = look(pixels, await boxIn(canvas, page.getByTestId('node-status-a'), 2)).colour;
  expect(green).toBeGreaterThan(red + 40);
  expect(green).toBeGreaterThan(blue + 40);
});
