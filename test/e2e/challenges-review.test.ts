import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Browser, expectNoProblems, launch, resetSession, signIn, skipBrowser, url, SIGN_IN_TIMEOUT } from './support.ts';

// The demo has a challenge in the review stage (脑机接口高通量柔性电极及封装工艺) with two accepted
// applications whose committee scores were adopted from expert review (scores are never entered by hand;
// test/e2e/review.test.ts runs a review round in the browser). The officer sees the ranking, awards the
// first and publishes the result; the notice then shows to anyone with its period in working days.
describe.skipIf(skipBrowser)('the review stage and the public notice', () => {
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

  it('ranks by the adopted scores, decides and publishes the notice, which the public can read', async () => {
    const page = await b.newPage();
    await signIn(page, DEMO.officer);
    await page.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    const list = await page.request.get(url('/api/v1/challenges?stage=review&pageSize=50'));
    expect(list.status()).toBe(200);
    const challenge = ((await list.json()) as { items: { id: string; code: string; terms: { title: string } }[] }).items.find((c) => c.terms.title.includes('柔性电极'));
    expect(challenge, 'the demo challenge in review').toBeTruthy();
    const ranking = (await (await page.request.get(url(`/api/v1/challenges/${challenge!.id}/ranking`))).json()) as { code: string; organizationName: string; score: number | null }[];
    const top = ranking[0]!;
    expect(top.score).not.toBeNull();

    await page.goto(url(`/challenges/${challenge!.id}?tab=review`));
    // There is no hand-entered score any more; the ranking shows the adopted scores, the best first.
    await page.getByTestId('review-rounds').waitFor();
    expect(await page.locator('[data-testid^="score-row-"]').count()).toBe(0);
    await expect.poll(async () => (await page.getByTestId('ranking').locator('tbody tr.ant-table-row').first().innerText()).includes(top.code), { timeout: 30_000 }).toBe(true);

    // Award it and publish the notice (5 working days).
    const form = page.getByTestId('decision-form');
    await form.getByRole('checkbox', { name: new RegExp(top.code) }).check();
    await page.getByTestId('decide').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('stage-tag').first().innerText(), { timeout: 30_000 }).toBe('公示');

    // The notice is public, with the awardee, the period and the objection form.
    const notices = (await (await page.request.get(url(`/api/v1/challenges/${challenge!.id}/notices`))).json()) as { notice: { id: string; workingDays: number } }[];
    expect(notices[0]!.notice.workingDays).toBe(5);
    const pub = await b.newPage();
    await pub.goto(url(`/public/notices/${notices[0]!.notice.id}?tenant=beijing`));
    await expect.poll(() => pub.locator('body').innerText(), { timeout: 30_000 }).toContain(top.organizationName);
    expect(await pub.locator('body').innerText()).toContain('5');
    expectNoProblems(b);
  });
});
