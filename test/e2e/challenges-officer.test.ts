import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, type Browser, expectNoProblems, launch, resetSession, signIn, skipBrowser, url } from './support.ts';

/** The id in /challenges/:id[/edit]. */
function challengeIdOf(page: Page): string | null {
  return /\/challenges\/([0-9a-f-]{36})/.exec(new URL(page.url()).pathname)?.[1] ?? null;
}

/** Clicks an option of the open antd Select dropdown by its label. */
async function pickOption(page: Page, label: string) {
  await page.locator(`.ant-select-item-option[title="${label}"]`).filter({ visible: true }).click();
}

async function stageOf(page: Page): Promise<string> {
  return (await page.getByTestId('challenge-actions').isVisible()) ? page.getByTestId('stage-tag').first().innerText() : '';
}

describe.skipIf(skipBrowser)('the challenge workflow, officer side', () => {
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

  it('drafts, submits, approves (four eyes), publishes in a batch, and shows the challenge to applicants', async () => {
    const page = await b.newPage();
    const title = `端到端测试榜单 ${Date.now()}`;

    // The officer drafts a challenge.
    await signIn(page, DEMO.officer, undefined, `/login?next=${encodeURIComponent('/challenges')}`);
    await page.getByTestId('new-challenge').click();
    await page.getByTestId('challenge-form').waitFor();
    await page.getByTestId('ch-title').fill(title);

    // Validation as you type: a budget that is not an amount in 万元.
    await page.getByTestId('ch-budget').fill('12.3.4');
    await expect.poll(() => page.getByTestId('challenge-form').innerText()).toContain('请输入金额（万元）');
    await page.getByTestId('ch-budget').fill('500.5');

    // Submitting an incomplete draft saves it and shows the server's INCOMPLETE errors next to the fields.
    await page.getByTestId('ch-submit').click();
    await expect.poll(() => page.getByTestId('editor-error').innerText()).toContain('内容不完整');
    await expect.poll(() => challengeIdOf(page)).not.toBeNull();
    const id = challengeIdOf(page)!;
    expect(new URL(page.url()).pathname).toBe(`/challenges/${id}/edit`);

    // Fill in the rest: field, problem, one quantified target, eligibility, contact.
    await page.getByTestId('ch-field').click();
    await pickOption(page, '医药健康');
    await page.getByTestId('ch-problem').fill('面向肿瘤早筛的高通量生物芯片检测平台，要求在常规临床样本上实现稳定检测。');
    await page.getByTestId('add-target').click();
    await page.getByTestId('target-0-indicator').fill('检测灵敏度');
    await page.getByTestId('target-0-target').fill('≥95');
    await page.getByTestId('target-0-unit').fill('%');
    await page.getByTestId('target-0-verification').fill('第三方检测机构按行业标准出具检测报告');
    await page.getByTestId('ch-org-types').click();
    await pickOption(page, '企业');
    await page.keyboard.press('Escape');
    await page.getByTestId('ch-consortium').click();
    await page.getByTestId('ch-contact-name').fill('王晓明');
    await page.getByTestId('ch-contact-phone').fill('010-66668888');
    await page.getByTestId('ch-contact-email').fill('challenge@demo.kechuang.cn');

    await page.getByTestId('ch-submit').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/challenges/${id}`);
    await expect.poll(() => stageOf(page)).toBe('待审核');
    const code = (await page.getByTestId('challenge-code').innerText()).trim();
    expect(code).not.toBe('');
    // The submitter may not approve their own challenge.
    expect(await page.getByTestId('action-approve').count()).toBe(0);
    expect(await page.getByTestId('terms-targets').innerText()).toContain('检测灵敏度');

    // Another officer (the admin) approves it and publishes it in a batch.
    await b.context.clearCookies();
    await signIn(page, DEMO.admin, undefined, `/login?next=${encodeURIComponent(`/challenges/${id}`)}`);
    await page.getByTestId('action-approve').click();
    await page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => stageOf(page)).toBe('已审核');

    await page.getByTestId('action-publish').click();
    await page.getByTestId('batch-title').fill(`端到端测试批次 ${Date.now()}`);
    await page.getByTestId(`batch-pick-${code}`).waitFor();
    expect(await page.getByTestId(`batch-pick-${code}`).isChecked()).toBe(true);
    await page.getByTestId('publish-ok').click();
    await expect.poll(() => stageOf(page)).toBe('揭榜中');

    // The pipeline board shows it under "open".
    await page.goto(url('/challenges'));
    await page.getByTestId('board-column-open').getByTestId(`board-card-${code}`).waitFor();
    expect(await page.getByTestId('board-column-open').getByTestId(`board-card-${code}`).innerText()).toContain('500.5 万元');

    // An applicant sees it among the published challenges, with an "apply" button.
    await b.context.clearCookies();
    await signIn(page, DEMO.applicant, undefined, `/login?next=${encodeURIComponent('/challenges')}`);
    const row = page.getByTestId('challenges-table').locator('tr', { hasText: title });
    await row.waitFor();
    expect(await row.innerText()).toContain('揭榜中');
    await page.getByTestId(`apply-${code}`).waitFor();
    expectNoProblems(b);
  });
});
