// Registry import in the browser: a CSV of organisations with one bad row is refused with the row's
// error, the corrected file is previewed and committed, and the new organisations are in the list.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditCodeCheckChar } from '../../web/src/lib/creditCode.ts';
import { DEMO, type Browser, download, expectNoProblems, launch, signIn, skipBrowser, switchLanguage } from './support.ts';

function creditCode(n: number): string {
  const first17 = `91110114MA${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}

const HEADER = '统一社会信用代码,名称,英文名称,简称,类型,所在园区代码,地址,行业代码,重点领域,成立日期,简介,网址,关键词';

describe.skipIf(skipBrowser)('registry import', () => {
  let b: Browser;
  let dir: string;
  beforeAll(async () => {
    b = await launch();
    dir = mkdtempSync(join(tmpdir(), 'kc-e2e-import-'));
  });
  afterAll(async () => {
    await b?.close();
  });

  it('shows an officer the bad row of a file, then imports the corrected file', async () => {
    const base = 3_000_000 + (Date.now() % 1_000_000);
    const first = `端到端导入甲科技有限公司${base}`;
    const second = `端到端导入乙生物有限公司${base}`;
    const rows = (type: string) =>
      [HEADER, `${creditCode(base)},${first},,,企业,fsc,,C2710,医药健康,2019-05-01,端到端测试,,`, `${creditCode(base + 1)},${second},,,${type},fsc,,C2761,,2020-01-01,,,`].join('\r\n') + '\r\n';
    const bad = join(dir, 'organisations-bad.csv');
    const good = join(dir, 'organisations.csv');
    writeFileSync(bad, rows('不是类型'));
    writeFileSync(good, rows('企业'));

    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').getByText('数据导入').click();
    await page.getByTestId('import-kind-organizations').waitFor();

    // The template has the columns the file must have.
    const template = await download(page, () => page.getByTestId('template-csv').click());
    expect(template.text).toContain('统一社会信用代码');

    // A file with a wrong organisation type in row 3: the row and column are named, nothing can be committed.
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('import-has-errors').waitFor();
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.locator('tr.ant-table-row').first().innerText()).toContain('不是可识别的机构类型');
    const errorRow = await errors.locator('tr.ant-table-row').first().innerText();
    expect(errorRow).toMatch(/^3\s/);
    expect(errorRow).toContain('类型');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);

    // The message follows the language.
    await switchLanguage(page, 'en');
    await expect.poll(() => errors.locator('tr.ant-table-row').first().innerText()).toContain('not a known organisation type');
    // Back to Chinese; the import stays open across a reload (its id is in the address).
    await switchLanguage(page, 'zh-CN');
    await page.reload();
    await expect.poll(() => errors.locator('tr.ant-table-row').first().innerText()).toContain('不是可识别的机构类型');

    // The corrected file: a preview of two new organisations, then the commit.
    await page.getByTestId('import-upload-again').click();
    await page.locator('input[type=file]').setInputFiles(good);
    await expect.poll(() => page.getByTestId('import-status').innerText()).toBe('可提交');
    expect(await page.getByTestId('import-count-insert').innerText()).toContain('2');
    expect(await page.getByTestId('import-count-errors').innerText()).toContain('0');
    await expect.poll(() => page.getByTestId('import-changes').innerText()).toContain(first);
    await page.getByTestId('import-commit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('新增 2 条');
    expect(await page.getByTestId('import-status').innerText()).toBe('已导入');

    // The organisations are in the registry.
    await page.goto(new URL(`/organizations?q=${encodeURIComponent(first)}`, page.url()).toString());
    await expect.poll(() => page.getByTestId('orgs-table').innerText()).toContain(first);

    // The export keeps the list's search: only the matching organisations are in the file.
    await page.getByTestId('orgs-export').click();
    const exported = await download(page, () => page.getByRole('menuitem', { name: '导出为 CSV' }).click());
    expect(exported.name).toMatch(/\.csv$/);
    expect(exported.text).toContain(first);
    expect(exported.text).not.toContain('中关村实验室');
    expectNoProblems(b);
  });
});
