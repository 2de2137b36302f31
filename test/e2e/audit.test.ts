import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, SCREENSHOT_DIR, type Browser, expectNoProblems, launch, signIn, skipBrowser } from './support.ts';

describe.skipIf(skipBrowser)('audit log', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('lets the auditor read the log, open an event and verify the chain', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.auditor);
    await page.getByTestId('audit-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    // The auditor's own sign-in is the newest event.
    const first = page.getByTestId('audit-table').locator('tr.ant-table-row').first();
    await expect.poll(() => first.innerText()).toContain('登录成功');

    await first.locator('.ant-table-row-expand-icon').click();
    const details = page.locator('tr.ant-table-expanded-row').first();
    await expect.poll(() => details.innerText()).toContain('本条哈希');
    expect(await details.innerText()).toMatch(/[0-9a-f]{64}/);

    // Filter by action prefix.
    await page.getByTestId('audit-action-filter').locator('input').fill('user.');
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('user.');
    await expect.poll(() => first.innerText()).toContain('user.');

    await page.getByTestId('verify-chain').click();
    const ok = page.getByTestId('verify-ok');
    await ok.waitFor();
    expect(await ok.innerText()).toContain('审计链完整');
    expect(await ok.innerText()).toMatch(/[0-9a-f]{64}/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'audit-verified.png'), fullPage: true });
    expectNoProblems(b);
  });
});
