/**
 * Teaching labs in the designer: a student works through the static-routes
 * lab in terminals while the checklist ticks live to 100 %; an author adds a
 * reachability check from a selection of two hosts and saves it.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { studentCopy } from '../common/lab/student.js';
import { readTopology } from '../common/topology/index.js';
import { answerPath, centre, openDesigner, openSample, screenshot, WORK_DIR } from './designer.js';

const SAMPLE = join(import.meta.dirname, '..', 'samples', 'labs', 'static-routes.json');

/** The routes the lab asks for, as a student types them, by machine: h1's first (its check is watched), then the rest. */
const FIRST_ROUTE = ['h1', 'ip route add default via 10.0.1.1'] as const;
const OTHER_ROUTES: [string, string][] = [
  ['r1', 'ip route add 10.0.2.0/24 via 10.0.12.2'],
  ['r2', 'ip route add 10.0.1.0/24 via 10.0.12.1'],
  ['h2', 'ip route add default via 10.0.2.1'],
];

/** The student's copy of the sample (no solution processes), under a name no other test runs. */
function studentFile(): string {
  const teacher = readTopology(JSON.parse(readFileSync(SAMPLE, 'utf8')));
  const path = join(WORK_DIR, 'lab-ui-static-routes-student.json');
  writeFileSync(path, JSON.stringify({ ...studentCopy(teacher), name: 'lab-ui static routes' }));
  return path;
}

/** Opens a terminal on the node, types the command once the shell prompts, and closes the terminal. */
async function typeIn(page: Page, node: string, command: string): Promise<void> {
  await page.getByTestId(`node-${node}`).dblclick();
  const terminal = page.getByTestId(/^terminal-\d+$/);
  await expect(terminal).toBeVisible();
  await expect(terminal.locator('.xterm-rows')).toContainText(/[#$]/, { timeout: 20_000 });
  await terminal.click();
  await page.keyboard.type(`${command} && echo added-$((6*7))\n`);
  await expect(terminal.locator('.xterm-rows')).toContainText('added-42', { timeout: 20_000 });
  const pid = String(await terminal.getAttribute('data-testid')).slice('terminal-'.length);
  await page.getByTestId(`terminal-close-${pid}`).click();
  await expect(terminal).toHaveCount(0);
}

const progress = (page: Page) => page.getByTestId('lab-progress');

test.describe('a teaching lab', () => {
  test.afterEach(async ({ page }) => {
    if ((await page.getByTestId('network-state').getAttribute('data-state')) !== 'running') return;
    await page.getByTestId('btn-stop').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
  });

  test('a student adds the routes in terminals and the checklist ticks live to 100 %', async ({ page }) => {
    // Four terminals one after the other: on a loaded machine each may take its 20 s.
    test.setTimeout(180_000);
    await openDesigner(page);
    await page.getByTestId('btn-open').click();
    await answerPath(page, studentFile());

    // Opening a lab starts on its instructions, as the student sees it.
    await expect(page.getByTestId('lab-panel')).toHaveAttribute('data-mode', 'student');
    await expect(page.getByTestId('lab-tab-instructions')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('lab-instructions')).toContainText('The network has no routing');
    await expect(page.getByTestId('lab-instructions').locator('table')).toContainText('10.0.12.2');
    await expect(progress(page)).toHaveAttribute('data-percent', '0');
    await expect(page.getByTestId('menu-checkReaches')).toHaveCount(0);

    // What the lab locks is greyed, and its locked fields are read-only.
    await expect(page.getByTestId('edge-r1-r2')).toHaveAttribute('data-locked', 'true');
    const link = await page.getByTestId('edge-r1-r2').boundingBox();
    if (!link) throw new Error('link r1-r2 is not visible');
    await page.mouse.click(link.x + link.width / 2, link.y + link.height / 2);
    await expect(page.getByTestId('prop-locked')).toBeVisible();
    await expect(page.getByTestId('prop-delay')).toHaveAttribute('readonly', '');

    await page.getByTestId('btn-start').click();
    await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await page.getByTestId('lab-tab-tasks').click();
    // Answered, and nothing passes yet: the hidden check says only that it is one.
    await expect(page.getByTestId('lab-check-0').locator('.lab-seen')).toBeVisible({ timeout: 20_000 });
    await expect(progress(page)).toHaveAttribute('data-percent', '0');
    await expect(page.getByTestId('lab-check-5')).toContainText('hidden check');
    await page.getByTestId('lab-hint-button-0').click();
    await expect(page.getByTestId('lab-hint-0')).toHaveText('On h1: ip route add default via 10.0.1.1');

    // A failing check glows its nodes on the canvas while pointed at.
    await page.getByTestId('lab-check-4').hover();
    await expect(page.getByTestId('node-h1')).toHaveAttribute('data-lab-focus', 'true');
    await expect(page.getByTestId('node-h2')).toHaveAttribute('data-lab-focus', 'true');

    await typeIn(page, ...FIRST_ROUTE);
    await expect(page.getByTestId('lab-check-0')).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
    await expect(progress(page)).not.toHaveAttribute('data-percent', '0');
    await page.getByTestId('btn-fit').click();
    await centre(page.getByTestId('node-h2'));
    await page.getByTestId('lab-check-4').hover();
    await expect(page.getByTestId('node-h2')).toHaveAttribute('data-lab-focus', 'true');
    await screenshot(page, 'lab-student');
    for (const [node, command] of OTHER_ROUTES) await typeIn(page, node, command);

    await expect(progress(page)).toHaveAttribute('data-percent', '100', { timeout: 30_000 });
    await expect(page.getByTestId('lab-check-5')).toContainText('h2 reaches r1');
    await page.getByTestId('lab-check-4').hover();
    await expect(page.getByTestId('node-h1')).toHaveAttribute('data-lab-focus', 'false');

    // The lab is locked while it runs: the helper refuses a changed lab, said in words, and the drawing gives way.
    await page.getByTestId('lab-mode-author').click();
    await page.getByTestId('node-h1').click({ button: 'right' });
    await page.getByTestId('menu-checkProcess').click();
    await page.getByTestId('text-input').fill('nginx');
    await page.getByTestId('text-ok').click();
    await expect(page.getByTestId('error-banner')).toContainText(
      'The running lab does not allow this edit (the lab is locked',
    );
    await expect(page.getByTestId('lab-check-6')).toHaveCount(0);
    await expect(progress(page)).toHaveAttribute('data-percent', '100');
  });

  test('an author adds a reachability check from two selected hosts, and it is saved', async ({ page }) => {
    await openDesigner(page);
    await openSample(page, 'seed');
    await expect(page.getByTestId('lab-panel')).toHaveCount(0);

    await page.getByTestId('node-a').click();
    await page.getByTestId('node-b').click({ modifiers: ['Control'] });
    await page.getByTestId('node-b').click({ button: 'right' });
    await expect(page.getByTestId('menu-checkReaches')).toHaveText('Check: a reaches b');
    await page.getByTestId('menu-checkReaches').click();

    await expect(page.getByTestId('lab-panel')).toHaveAttribute('data-mode', 'author');
    await expect(page.getByTestId('lab-check-0')).toContainText('a reaches b');
    await expect(page.getByTestId('check-properties')).toBeVisible();
    await page.getByTestId('prop-check-points').fill('3');
    await page.getByTestId('prop-check-points').press('Enter');
    await expect(page.getByTestId('lab-progress')).toContainText('0 / 3 points');

    // Locked for the lab: greyed, and refused removal in words.
    await page.getByTestId('node-c').click({ button: 'right' });
    await page.getByTestId('menu-lockSelection').click();
    await expect(page.getByTestId('node-c')).toHaveAttribute('data-locked', 'true');
    await page.getByTestId('lab-check-0').click();
    await expect(page.getByTestId('prop-check-from')).toHaveValue('a');
    await screenshot(page, 'lab-author');
    await page.getByTestId('node-c').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('error-banner')).toContainText('node c is locked by the lab: it cannot be removed');
    await expect(page.getByTestId('node-c')).toBeVisible();

    const path = join(WORK_DIR, 'lab-ui-author.json');
    await page.getByTestId('btn-save-as').click();
    await answerPath(page, path);
    await expect(page.getByTestId('document-name')).toHaveAttribute('data-dirty', 'false');
    const saved = readTopology(JSON.parse(readFileSync(path, 'utf8')));
    expect(saved.lab?.tasks).toEqual([
      {
        title: 'Task 1',
        checks: [{ kind: 'reachable', from: 'a', to: 'b', protocol: 'icmp', expect: true, points: 3 }],
      },
    ]);
    expect(saved.lab?.locked).toEqual([{ node: 'c' }]);
  });
});
