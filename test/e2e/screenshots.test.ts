// Key pages at laptop and tablet widths, saved for a person to look at (E2E_SCREENSHOTS or
// $TMPDIR/kechuang-e2e). The assertions only check that nothing spills out sideways.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SCREENSHOT_DIR, type Browser, chartsReady, expectNoProblems, launch, signIn, skipBrowser, switchLanguage, url } from './support.ts';

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
      await chartsReady(page);
      await noHorizontalOverflow(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-home.png`), fullPage: true });

      await page.goto(url('/organizations'));
      await page.getByTestId('orgs-table').locator('tr.ant-table-row').first().waitFor();
      await noHorizontalOverflow(page);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-organizations.png`) });
      expectNoProblems(b);
    });

    it(`renders the indicator and registry pages at ${viewport.name} width (${viewport.width}px), in Chinese and English`, async () => {
      await b.context.clearCookies();
      const page = await b.newPage({ width: viewport.width, height: viewport.height });
      const shot = async (name: string) => {
        await noHorizontalOverflow(page);
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${viewport.name}-${name}.png`), fullPage: true });
      };

      await page.goto(url('/public/dashboard?tenant=beijing'));
      await page.getByTestId('zone-map').locator('canvas').waitFor();
      await chartsReady(page);
      await shot('public-dashboard');

      await signIn(page, DEMO.officer);
      await page.getByTestId('indicator-highlights').getByTestId('headline-cards').waitFor();
      await page.goto(url('/dashboard'));
      await page.getByTestId('zone-map').locator('canvas').waitFor();
      await chartsReady(page);
      await shot('dashboard');

      await page.goto(url('/indicators'));
      await page.getByTestId('indicators-table').locator('tr.ant-table-row').first().waitFor();
      await shot('indicators');

      await page.goto(url('/registry/import'));
      await page.getByTestId('import-kind-organizations').waitFor();
      await shot('import');

      await page.goto(url('/people'));
      await page.getByTestId('people-table').locator('tr.ant-table-row').first().waitFor();
      await shot('people');

      // English: the longer texts must fit as well.
      await switchLanguage(page, 'en');
      await page.goto(url('/dashboard'));
      await expect.poll(() => page.getByTestId('chart-cards').innerText()).toContain('Headline indicators');
      await page.getByTestId('zone-map').locator('canvas').waitFor();
      await chartsReady(page);
      await shot('dashboard-en');
      await page.goto(url('/'));
      await page.getByTestId('expiring-qualifications').locator('tr.ant-table-row').first().waitFor();
      await shot('home-officer-en');
      // Back to Chinese for the next test (the choice is remembered in the browser profile).
      await switchLanguage(page, 'zh-CN');
      expectNoProblems(b);
    });
  }
});
