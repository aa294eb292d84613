/** The UI scripts' bench: headless Debian Chromium on a fresh web-mode designer with its own config dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebServer } from '../../app/main/web.js';
import { emptyPanePoint } from '../../e2e/pane.js';

export interface DesignerSession {
  browser: Browser;
  page: Page;
  /** Navigates to the designer and waits for its start screen (listeners on the page go before this). */
  load(): Promise<void>;
}

export async function withDesigner(prefix: string, work: (session: DesignerSession) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startWebServer({ configDir: join(dir, 'config'), print: false });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const load = async () => {
      await page.goto(server.url);
      await page.getByTestId('start-screen').waitFor();
    };
    await work({ browser, page, load });
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One leg of a pan: drags the empty pane 300 px right (even legs) or back left, as a person exploring would. */
export async function panLeg(page: Page, leg: number): Promise<void> {
  const { x, y } = await emptyPanePoint(page);
  const dx = leg % 2 ? -300 : 300;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dx / 4, { steps: 40 });
  await page.mouse.up();
}
