// The expert pool in the browser: an officer imports an expert file with a bad row, sees the row's
// error, imports the corrected file and finds the new expert in the list; the officer sees why an
// expert must not review an application; the demo expert keeps their own profile.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, download, expectNoProblems, launch, resetSession, signIn, skipBrowser, switchLanguage } from './support.ts';

const HEADER = '姓名,ORCID,所属机构,职称,重点领域,关键词,最大评审量,代表性论文';

describe.skipIf(skipBrowser)('the expert pool', () => {
  let b: Browser;
  let dir: string;
  beforeAll(async () => {
    b = await launch();
    dir = mkdtempSync(join(tmpdir(), 'kc-e2e-experts-'));
  });
  afterAll(async () => {
    await b?.close();
  });
  beforeEach(async () => {
    await resetSession(b);
  });

  it('an officer imports experts: the bad row is named, the corrected file is committed, the expert is in the list', async () => {
    const stamp = Date.now() % 1_000_000;
    const first = `端到端专家甲${stamp}`;
    const second = `端到端专家乙${stamp}`;
    const rows = (orcid: string) =>
      [HEADER, `${first},,北京生命科学研究所,研究员,医药健康,结构生物学,5,2025|端到端测试论文|孙悦`, `${second},${orcid},清华大学,教授,人工智能,大模型、医学影像,4,`].join('\r\n') + '\r\n';
    const bad = join(dir, 'experts-bad.csv');
    const good = join(dir, 'experts.csv');
    writeFileSync(bad, '\ufeff' + rows('0000-0002-1825-0098'));
    writeFileSync(good, '\ufeff' + rows('0000-0002-1825-0097'));

    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').getByText('专家库').click();
    await page.getByTestId('experts-table').waitFor();
    await page.getByTestId('experts-import').click();

    const template = await download(page, () => page.getByTestId('expert-template-csv').click());
    expect(template.text).toContain('姓名,ORCID,电子邮箱');

    // Row 3 has an ORCID with a wrong check digit: row and column are named, nothing can be committed.
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('expert-import-has-errors').waitFor();
    const errors = page.getByTestId('expert-import-errors');
    const errorRow = await errors.locator('tr.ant-table-row').first().innerText();
    expect(errorRow).toMatch(/^3\s/);
    expect(errorRow).toContain('ORCID');
    expect(errorRow).toContain('不是有效的 ORCID');
    expect(await page.getByTestId('expert-import-commit').isDisabled()).toBe(true);
    await switchLanguage(page, 'en');
    await expect.poll(() => errors.locator('tr.ant-table-row').first().innerText()).toContain('not a valid ORCID');
    await switchLanguage(page, 'zh-CN');

    // The corrected file: two new experts previewed, then written.
    await page.getByTestId('expert-import-again').click();
    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByTestId('expert-import-changes').waitFor();
    expect(await page.getByTestId('expert-import-count-insert').innerText()).toContain('2');
    expect(await page.getByTestId('expert-import-count-errors').innerText()).toContain('0');
    expect(await page.getByTestId('expert-import-changes').innerText()).toContain(first);
    await page.getByTestId('expert-import-commit').click();
    await expect.poll(() => page.getByTestId('expert-import-done').innerText()).toContain('新增 2 位');

    // In the list, found by the search.
    await page.getByTestId('expert-import-to-list').click();
    await page.getByTestId('experts-search').locator('input').fill(first);
    await page.getByTestId('experts-search').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('experts-table').innerText()).not.toContain(second);
    expect(await page.getByTestId('experts-table').innerText()).toContain(first);
    expect(await page.getByTestId('experts-table').innerText()).toContain('北京生命科学研究所');
    expectNoProblems(b);
  });

  it('shows an officer why an expert must not review an application of a challenge in review', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer, undefined, `/login?next=${encodeURIComponent('/experts?q=张丽华')}`);
    await page.getByTestId('experts-table').getByRole('link', { name: '张丽华' }).click();
    await page.getByTestId('expert-form').waitFor();
    await page.getByRole('tab', { name: '回避情况' }).click();
    await page.getByTestId('conflicts-challenge').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '脑机接口高通量柔性电极' }).filter({ visible: true }).click();
    const table = page.getByTestId('conflicts-table');
    await expect.poll(() => table.innerText()).toContain('专家现任职于申报单位「北京脑科学与类脑研究所」');
    expect(await table.innerText()).toContain('孙悦');
    expect(await table.innerText()).toContain('未记录');
    await page.getByTestId('conflicts-record').click();
    await expect.poll(() => table.innerText()).not.toContain('未记录');
    expect(await table.innerText()).toContain('须回避');
    expectNoProblems(b);
  });

  it('the expert edits their own profile, checked as they type, and sees their conflicts', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.expert);
    await page.getByTestId('main-nav').getByText('我的专家档案').click();
    await page.getByTestId('expert-form').waitFor();
    expect(await page.getByTestId('expert-heading').innerText()).toBe('我的专家档案');
    expect(await page.getByTestId('expert-name').inputValue()).toBe('陈静');

    // A wrong check digit is flagged while typing.
    const orcid = page.getByTestId('expert-orcid');
    const before = await orcid.inputValue();
    await orcid.fill('0000-0002-1825-0098');
    await expect.poll(() => page.getByTestId('expert-form').innerText()).toContain('ORCID 格式或校验码不正确');
    await orcid.fill(before);

    await page.getByTestId('expert-title').fill('副教授、博士生导师');
    await page.getByTestId('expert-save').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已保存');
    await page.reload();
    await expect.poll(() => page.getByTestId('expert-title').inputValue()).toBe('副教授、博士生导师');

    await page.getByRole('tab', { name: '回避情况' }).click();
    await page.getByTestId('conflicts-table').waitFor();
    expectNoProblems(b);
  });
});
