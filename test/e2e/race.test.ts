// Horse race (赛马) in the browser, on the demo race (src/seed/demo-race.ts): three teams, 品驰医疗 eliminated at
// gate 1 with its reasons, gate 2's evidence closed and its double-blind expert round open with only the demo
// expert (陈静) still to score. She submits her sheets (through the API: the scoring pages have their own test);
// the officer closes and adopts the round on the review pages, records one elimination on the race board
// (refused as you type without a reason) and one pass, decides the gate after reading what will move, and sees
// the eliminated team marked with its reason and the other one paid. The pure helpers of the pages need no browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, type Browser, chartsReady, download, expectNoProblems, launch, resetSession, signIn, skipBrowser, url, SIGN_IN_TIMEOUT } from './support.ts';
import { fieldPath, formatScore, isDate } from '../../web/src/pages/races/helpers.ts';

const RACE = '高通量微流控单细胞测序仪赛马';
const ELIMINATED_AT_1 = '北京品驰医疗设备有限公司';
const OUT = '北京诺诚健华医药科技有限公司';
const STAYS = '博奥生物集团有限公司';
const REASON = '第二关复测捕获率仍低于 65% 的专家组建议值，光学模块方案不具备继续攻关的把握。';

describe('race page helpers', () => {
  it('place a server field error on the form field it names', () => {
    expect(fieldPath('body.gates.1.dueOn')).toEqual(['gates', 1, 'dueOn']);
    expect(fieldPath('gates/0/targets/2/indicator')).toEqual(['gates', 0, 'targets', 2, 'indicator']);
    expect(fieldPath('/title')).toEqual(['title']);
  });

  it('accept only calendar dates that exist', () => {
    expect(isDate('2027-02-28')).toBe(true);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2027-02-29')).toBe(false);
    expect(isDate('2027-2-28')).toBe(false);
    expect(isDate('')).toBe(false);
  });

  it('show review scores kept in hundredths', () => {
    expect(formatScore(8875)).toBe('88.75');
    expect(formatScore(10000)).toBe('100.00');
    expect(formatScore(null)).toBe('—');
  });
});

describe.skipIf(skipBrowser)('horse race', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
  });
  afterAll(async () => {
    await b?.close();
  });

  const card = (page: Page, org: string) => page.locator(`[data-testid="team-card"][data-team="${org}"]`);
  const released = async (page: Page, org: string) => Math.round(Number((await card(page, org).getByTestId('team-released').innerText()).replace(/[¥,\s]/g, '')) * 100);

  async function json<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const res = method === 'GET' ? await page.request.get(url(path)) : await page.request.post(url(path), { data: data ?? {}, headers: { origin: url('') } });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  async function signedIn(who: string, next: string): Promise<Page> {
    await resetSession(b);
    const p = await b.newPage();
    await signIn(p, who, undefined, `/login?next=${encodeURIComponent(next)}`);
    await p.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    return p;
  }

  it('the expert review of gate 2 is adopted, one team is eliminated with its reason, and the other is paid', async () => {
    // The officer finds the race and its gate-2 round.
    let page = await signedIn(DEMO.officer, '/races');
    await page.getByTestId('race-link').filter({ hasText: RACE }).click();
    await page.getByTestId('race-status').waitFor();
    const raceUrl = page.url();
    const race = await json<{ gates: { seq: number; reviewRound: { id: string } | null }[] }>(page, 'GET', `/api/v1/races/${raceUrl.split('/').pop()}`);
    const roundId = race.gates.find((g) => g.seq === 2)!.reviewRound!.id;

    // The demo expert scores her gate-2 sheets: the teams' gate evidence, double-blind.
    page = await signedIn(DEMO.expert, '/review/my');
    const mine = await json<{ sheetId: string; roundId: string }[]>(page, 'GET', '/api/v1/review/assignments');
    const sheets = mine.filter((a) => a.roundId === roundId);
    expect(sheets.length).toBeGreaterThan(0);
    for (const a of sheets) {
      await json(page, 'POST', `/api/v1/review/sheets/${a.sheetId}/submit`, { scores: { advancement: 8, feasibility: 7.5, team: 8, budget: 7, benefit: 8 }, comments: {}, overallComment: '阶段检测报告完整，指标基本达到。' });
    }

    // The officer: gate 1's elimination is on the board with its reason; gate 2 is under expert review.
    page = await signedIn(DEMO.officer, raceUrl.slice(raceUrl.indexOf('/races')));
    await page.getByTestId('race-board').waitFor();
    await expect.poll(() => card(page, ELIMINATED_AT_1).getByTestId('team-status').innerText()).toBe('已淘汰');
    expect((await card(page, ELIMINATED_AT_1).getByTestId('team-reason').innerText()).trim()).not.toBe('');
    await expect.poll(() => page.getByTestId('current-gate-status').innerText()).toBe('专家评审');

    // The round is closed and adopted on the review pages; its link leads back to the board.
    await page.getByTestId('gate-round-link').click();
    await page.getByTestId('round-status').waitFor();
    await page.goto(url(`/reviews/${roundId}?tab=progress`));
    await page.getByTestId('close-round').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('round-status').innerText()).toBe('已截止');
    await page.goto(url(`/reviews/${roundId}?tab=results`));
    await page.getByTestId('adopt-results').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('round-status').innerText()).toBe('已采纳');
    await page.getByTestId('round-subject').click();
    await page.getByTestId('race-board').waitFor();
    await card(page, OUT).getByTestId('record-decision').waitFor();

    // An elimination without a reason is refused as you type; with one it is recorded.
    await card(page, OUT).getByTestId('record-decision').click();
    let dialog = page.getByRole('dialog').filter({ hasText: OUT });
    await dialog.locator('label.ant-radio-button-wrapper').filter({ hasText: '淘汰' }).click();
    await dialog.getByTestId('decision-reason').waitFor();
    await page.getByTestId('record-decision-ok').click();
    await expect.poll(() => dialog.innerText()).toContain('淘汰必须说明理由');
    await dialog.getByTestId('decision-reason').fill(REASON);
    await page.getByTestId('record-decision-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => card(page, OUT).getByTestId('outcome-2').innerText()).toBe('淘汰');

    // The other team passes.
    await card(page, STAYS).getByTestId('record-decision').click();
    dialog = page.getByRole('dialog').filter({ hasText: STAYS });
    await dialog.locator('label.ant-radio-button-wrapper').filter({ hasText: /^通过$/ }).click();
    await page.getByTestId('record-decision-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => card(page, STAYS).getByTestId('outcome-2').innerText()).toBe('通过');
    const before = await released(page, STAYS);

    // Deciding the gate says what will happen to each team before anything moves.
    await page.getByTestId('decide-gate').click();
    const summary = page.getByTestId('decide-summary');
    await expect.poll(() => summary.innerText()).toContain(OUT);
    expect(await summary.innerText()).toContain(STAYS);
    await expect.poll(() => summary.innerText()).toMatch(/通过，验收本关里程碑并拨付 ¥[\d,]+\.\d\d/);
    await page.getByTestId('decide-ok').click();

    // The eliminated team is marked with its reason; the passing team has been paid.
    await expect.poll(() => card(page, OUT).getByTestId('team-status').innerText()).toBe('已淘汰');
    expect(await card(page, OUT).getByTestId('team-reason').innerText()).toContain('光学模块方案');
    await expect.poll(() => released(page, STAYS)).toBeGreaterThan(before);
    await expect.poll(() => page.getByTestId('current-gate-status').innerText().catch(() => 'none')).not.toBe('专家评审');
    await chartsReady(page);

    // The board exports with the outcome and its reason.
    await page.getByTestId('race-export').click();
    const csv = await download(page, () => page.getByRole('menuitem', { name: '导出为 CSV' }).click());
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text).toContain(OUT);
    expect(csv.text).toContain('光学模块方案');
    expectNoProblems(b);
  });
});
