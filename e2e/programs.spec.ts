/**
 * A link's programs in the designer, on samples/extensions/web-count-proto.json (a client asking a web
 * server, count-proto on their link): the file and section in the link's properties, attached once the
 * network runs, and the counts of its map shown there.
 */
import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { compileBpfObjects } from '../tools/build/bpf-objects.js';
import { answerPath, openDesigner, screenshot } from './designer.js';

const PROGRAMS = fileURLToPath(new URL('../samples/extensions/', import.meta.url));

test('a link’s program is edited in its properties, attached once started, its counters shown', async ({ page }) => {
  compileBpfObjects(PROGRAMS);
  await openDesigner(page);
  await page.getByTestId('btn-open').click();
  await answerPath(page, `${PROGRAMS}web-count-proto.json`);
  const box = await page.getByTestId('edge-c1-web').boundingBox();
  if (!box) throw new Error('link c1-web is not visible');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('prop-program-file-a>b')).toHaveValue('count-proto.bpf.o');
  await expect(page.getByTestId('prop-program-section-a>b')).toHaveValue('tc');
  await expect(page.getByTestId('prop-program-state-a>b')).toHaveText('attached once started');
  await expect(page.getByTestId('prop-program-file-b>a')).toHaveValue('');

  await page.getByTestId('btn-start').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('prop-program-state-a>b')).toHaveAttribute('data-attached', 'true');
  // The client's TCP frames (protocol 6) counted on their way to the server.
  await expect(page.getByTestId('prop-program-a>b')).toContainText(/protocols\s*6: [1-9]/);
  await screenshot(page, 'link-programs');

  await page.getByTestId('btn-stop').click();
  await expect(page.getByTestId('network-state')).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
});
