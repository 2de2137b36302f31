// The indicator dashboard (signed in and public) and the indicator registry, against the demo
// tenant `beijing`, whose computed indicators exist right after seeding.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, chartsReady, download, expectNoProblems, launch, resetSession, signIn, skipBrowser, url } from './support.ts';

describe.skipIf(skipBrowser)('indicator dashboard', () => {
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

  it('shows an officer the headline cards, the map and the charts, and downloads a chart’s data as CSV', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').getByText('指标看板').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboard');

    // Headline cards: a value, its year and the change against the year before.
    const rd = page.getByTestId('card-rd_intensity');
    await expect.poll(() => rd.getByTestId('card-value').innerText()).toMatch(/^\d+\.\d{2}%$/);
    expect(await rd.innerText()).toMatch(/20\d\d 年/);
    expect(await rd.getByTestId('card-change-rd_intensity').getAttribute('data-direction')).toMatch(/^(up|down|flat)$/);
    expect(await page.getByTestId('card-enterprises_high_tech').getByTestId('card-value').innerText()).toMatch(/^[\d,]+$/);
    // An official figure nobody entered yet says so, and tells staff where to enter it.
    expect(await page.getByTestId('card-funds_disbursed').innerText()).toContain('暂无数据');
    expect(await page.getByTestId('dashboard-demo').innerText()).toContain('演示数据');

    // The zones as points on the map, and every chart finished drawing.
    await page.getByTestId('zone-map').locator('canvas').waitFor();
    await page.getByTestId('qualifications-chart').locator('canvas').waitFor();
    await page.getByTestId('trend-rd_intensity').locator('canvas').waitFor();
    await chartsReady(page);
    await page.getByTestId('map-level').getByText('园区').click();
    await chartsReady(page);

    // The zone comparison also reads as a table.
    await page.getByTestId('chart-zones').getByText('表格').click();
    await expect.poll(() => page.getByTestId('zones-table').innerText()).toContain('未来科学城');

    // "Download data (CSV)": a UTF-8 file with a byte-order mark and bilingual headers.
    const csv = await download(page, () => page.getByTestId('csv-zones').click());
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('区域 / Zone (zh)');
    expect(csv.text).toContain('未来科学城');
    const res = await page.request.get(url('/api/v1/dashboard/data/cards.csv'));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    expect(await res.text()).toContain('rd_intensity');
    expectNoProblems(b);
  });

  it('opens the public dashboard from the login page without signing in, marked as demo data', async () => {
    const page = await b.newPage();
    await page.goto(url('/login'));
    await page.getByTestId('public-dashboard-link').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/public/dashboard');
    expect(new URL(page.url()).searchParams.get('tenant')).toBe('beijing');
    await page.getByTestId('headline-cards').waitFor();
    expect(await page.getByTestId('public-demo-banner').innerText()).toContain('演示数据');
    expect(await page.getByTestId('public-demo-tag').innerText()).toBe('演示数据');
    // Public indicators only: the internal revenue proxy is not there; no navigation, no session.
    expect(await page.getByTestId('card-industry_output_pharma').count()).toBe(0);
    expect(await page.getByTestId('main-nav').count()).toBe(0);
    await page.getByTestId('zone-map').locator('canvas').waitFor();
    await chartsReady(page);

    const href = await page.getByTestId('csv-map').getAttribute('href');
    expect(href).toBe('/api/v1/public/dashboard/data/map.csv?tenant=beijing');
    const res = await page.request.get(url(href!));
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('经度 / Longitude');

    // An unknown center is said plainly.
    await page.goto(url('/public/dashboard?tenant=no-such-center'));
    await page.getByText('未找到该创新中心').waitFor();
    expectNoProblems(b);
  });

  it('lets an officer enter an official figure with its source, checked as it is typed, and queue a recompute', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer, undefined, '/login?next=%2Findicators');
    await page.getByTestId('indicators-table').locator('tr.ant-table-row').first().waitFor();
    await page.getByTestId('enter-funds_disbursed').click();
    const form = page.getByTestId('value-form');
    await page.getByTestId('value-value').fill('12,5');
    await expect.poll(() => form.innerText()).toContain('请输入不带千分位的非负数字');
    await page.getByTestId('value-value').fill('8373.125');
    await expect.poll(() => form.innerText()).toContain('最多 2 位小数');
    await page.getByTestId('value-value').fill('8373.50');
    await page.getByTestId('value-submit').click();
    await expect.poll(() => form.innerText()).toContain('请注明数据来源');
    await page.getByTestId('value-source').fill('端到端测试：财政拨付台账');
    await page.getByTestId('value-submit').click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已保存');
    await expect.poll(() => page.getByTestId('values-funds_disbursed').innerText()).toContain('8,373.50 万元');

    await page.getByTestId('recompute').click();
    const status = page.getByTestId('recompute-status');
    await status.waitFor();
    expect(await status.innerText()).toMatch(/任务编号/);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');

    // The dashboard's card shows the entered figure with its source.
    await page.goto(url('/dashboard'));
    const card = page.getByTestId('card-funds_disbursed');
    await expect.poll(() => card.innerText()).toContain('8,373.50');
    expect(await card.innerText()).toContain('端到端测试');
    expectNoProblems(b);
  });
});
