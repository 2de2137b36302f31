import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, type Browser, expectNoProblems, launch, resetSession, signIn, skipBrowser, url } from './support.ts';

// The demo's contract 14 months in (百济神州, 类器官…): milestone 2 is overdue under a supervision order.
const TEAM = 'beigene@demo.kechuang.cn';
const TITLE = '类器官自动化培养与高内涵成像系统';

/** A small well-formed PDF for the evidence upload. */
function pdf(): Buffer {
  const body = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  return Buffer.from(body, 'latin1');
}

async function openContract(page: Page) {
  await page.goto(url('/contracts'));
  await page.getByTestId('contract-link').filter({ hasText: TITLE }).click();
  await page.getByTestId('contract-status').waitFor();
}

async function releasedText(page: Page) {
  return (await page.getByTestId('contract-released').innerText()).replace(/[¥,\s]/g, '');
}

describe.skipIf(skipBrowser)('task contracts', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
  });
  afterAll(async () => {
    await b?.close();
  });
  beforeEach(async () => {
    await resetSession(b);
  });

  it('the team submits evidence, the officer accepts the milestone and releases its tranche, the team sees the money', async () => {
    // The team: the overdue milestone takes evidence (overdue is not closed).
    const page = await b.newPage();
    await signIn(page, TEAM, undefined, `/login?next=${encodeURIComponent('/contracts')}`);
    await page.getByTestId('contract-link').first().waitFor();
    await openContract(page);
    const before = Number(await releasedText(page));
    await expect.poll(() => page.getByTestId('milestone-status-2').innerText()).toBe('已逾期');
    await page.getByTestId('evidence-2').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '阶段成果2-整改报告.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await expect.poll(() => page.getByTestId('evidence-file-0').innerText()).toContain('阶段成果2-整改报告.pdf');
    await page.getByTestId('evidence-2-ok').click();
    await expect.poll(() => page.getByTestId('milestone-status-2').innerText()).toBe('待验收');

    // The officer accepts it; its tranche becomes releasable and is released in full.
    await resetSession(b);
    const officer = await b.newPage();
    await signIn(officer, DEMO.officer, undefined, `/login?next=${encodeURIComponent('/contracts')}`);
    await officer.getByTestId('contract-link').first().waitFor();
    await openContract(officer);
    await officer.getByTestId('accept-2').click();
    await officer.getByTestId('accept-2-ok').click();
    await expect.poll(() => officer.getByTestId('milestone-status-2').innerText()).toBe('已验收');
    await officer.getByRole('tab', { name: '经费拨付' }).click();
    await officer.getByTestId('release-3').click();
    // The form offers what remains; more than that is refused as you type, before anything is sent.
    const remaining = await officer.getByTestId('release-amount').inputValue();
    await officer.getByTestId('release-amount').fill('99999999');
    await expect.poll(() => officer.locator('.ant-modal').innerText()).toContain('超过剩余额度');
    await officer.getByTestId('release-amount').fill(remaining);
    await officer.getByTestId('release-3-ok').click();
    const shown = Number(remaining).toLocaleString('en-US', { minimumFractionDigits: 2 });
    await expect.poll(() => officer.getByTestId('tranche-released-3').innerText()).toContain(shown);
    await expect.poll(() => officer.getByTestId('ledger').innerText()).toContain(shown);
    expect(await officer.getByTestId('ledger').innerText()).toContain('王芳');

    // The team sees the release on its contract.
    await resetSession(b);
    const again = await b.newPage();
    await signIn(again, TEAM, undefined, `/login?next=${encodeURIComponent('/contracts')}`);
    await again.getByTestId('contract-link').first().waitFor();
    await openContract(again);
    await expect.poll(async () => Math.round(Number(await releasedText(again)) * 100)).toBe(Math.round(before * 100) + Math.round(Number(remaining) * 100));
    await again.getByRole('tab', { name: '经费拨付' }).click();
    await expect.poll(() => again.getByTestId('ledger').innerText()).toContain('第一阶段里程碑拨款');
    expectNoProblems(b);
  });
});
