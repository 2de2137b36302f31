// Key pages at laptop and tablet widths, saved for a person to look at (E2E_SCREENSHOTS or
// $TMPDIR/kechuang-e2e). The assertions only check that nothing spills out sideways.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SCREENSHOT_DIR, type Browser, expectNoProblems, launch, signIn, skipBrowser, url } from './support.ts';

async function noHorizontalOverflow(page: Page) {
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  expect(overflow).toBeLessThanOrEqual(1);
}

describe.skipIf(skipBrowser)('layout', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await b?.close();
  });

  for (const viewport of [
    { name: 'laptop', width: 1366, height: 860 },
    { name: 'tablet', width: 768, height: 1024 },
  ]) {
    it(`renders the main pages at ${viewport.name} width (${viewport.width}px)`, async () => {
      await b.context.clearCookies();
      const page = await b.newPage({ width: viewport.width, height: viewport.height });
      await page.goto(url('/login'));
      await page.getByTestId('demo-accounts').waitFor();
      await noHorizontalOverflow(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-login.png`), fullPage: true });

      await signIn(page, DEMO.admin);
      await page.getByTestId('users-table').locator('tr.ant-table-row').first().waitFor();
      await noHorizontalOverflow(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-users.png`), fullPage: true });

      if (viewport.width < 992) {
        // Narrow screens: the navigation lives in a drawer.
        await page.getByTestId('open-nav').click();
        await page.getByTestId('main-nav').getByText('首页').click();
      } else {
        await page.getByTestId('main-nav').getByText('首页').click();
      }
      await page.getByTestId('users-by-role').locator('canvas').waitFor();
      await page.waitForTimeout(500); // let the chart finish its short animation
      await noHorizontalOverflow(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-home.png`), fullPage: true });

      await page.goto(url('/organizations'));
      await page.getByTestId('orgs-table').locator('tr.ant-table-row').first().waitFor();
      await noHorizontalOverflow(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-organizations.png`) });
      expectNoProblems(b);
    });
  }
});
