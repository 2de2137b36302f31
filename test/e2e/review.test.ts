import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, type Browser, expectNoProblems, launch, resetSession, signIn, skipBrowser, url, SIGN_IN_TIMEOUT } from './support.ts';

// Expert review end to end. The demo has a challenge in review with two accepted applications and no
// scores yet (抗体药物高表达细胞株快速构建平台). The officer sets up a double-blind round on it (created and
// given its panel through the API, the setup pages being H3a's and tested there), runs the optimal
// assignment and opens the round in the browser; the demo expert scores both proposals (a draft first,
// then submits); the officer sees progress, closes the round, reads the ranking and adopts it.
describe.skipIf(skipBrowser)('expert review', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await launch();
  });
  afterAll(async () => {
    await b?.close();
  });

  async function json<T>(page: Page, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const res = method === 'GET' ? await page.request.get(url(path)) : await page.request.post(url(path), { data: data ?? {}, headers: { origin: url('') } });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  }

  /** Signs in afresh (resetSession closes every page) and answers the new page. */
  async function signedIn(who: string): Promise<Page> {
    await resetSession(b);
    const p = await b.newPage();
    await signIn(p, who);
    await p.getByTestId('main-nav').waitFor({ timeout: SIGN_IN_TIMEOUT });
    return p;
  }

  it('opens a review, assigns it, lets the expert score, and shows the ranking', async () => {
    // Who the demo expert is.
    let page = await signedIn(DEMO.expert);
    const me = await json<{ user: { id: string; displayName: string } }>(page, 'GET', '/api/v1/auth/me');

    // The officer prepares the round.
    page = await signedIn(DEMO.officer);
    const list = await json<{ items: { id: string; terms: { title: string } }[] }>(page, 'GET', '/api/v1/challenges?stage=review&pageSize=50');
    const challenge = list.items.find((c) => c.terms.title.includes('细胞株'));
    expect(challenge, 'the demo challenge awaiting expert review').toBeTruthy();
    const pool = await json<{ items: { id: string; userId: string | null }[] }>(page, 'GET', '/api/v1/experts?pageSize=200');
    let expertId = pool.items.find((e) => e.userId === me.user.id)?.id;
    if (!expertId) {
      const created = await json<{ id: string }>(page, 'POST', '/api/v1/experts', {
        name: me.user.displayName,
        userId: me.user.id,
        organizationId: null,
        affiliation: '中国医学科学院',
        title: '研究员',
        fields: ['pharma_health'],
        keywords: ['细胞株', '抗体'],
        biography: '长期从事抗体药物工艺研究。',
        orcid: null,
        availability: 'available',
        unavailableUntil: null,
        maxLoad: 10,
        affiliations: [],
        publications: [],
        declarations: [],
      });
      expertId = created.id;
    }
    const round = await json<{ id: string }>(page, 'POST', '/api/v1/review-rounds', {
      challengeId: challenge!.id,
      name: '细胞株平台专家评审',
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      blind: 'double',
      expertsPerItem: 1,
      rankBy: 'mean',
      onePerOrganization: false,
      criteria: [
        { key: 'innovation', nameZh: '创新性', nameEn: 'Innovation', weight: 40, scaleMax: 10, guidanceZh: '与现有技术相比的新颖程度' },
        { key: 'feasibility', nameZh: '可行性', nameEn: 'Feasibility', weight: 60, scaleMax: 10 },
      ],
    });
    await json(page, 'POST', `/api/v1/review-rounds/${round.id}/panel`, { experts: [{ expertId, maxLoad: 5 }] });

    // In the browser: run the optimal assignment, then open the round.
    await page.goto(url(`/reviews/${round.id}?tab=assignment`));
    await page.getByTestId('run-assignment').click();
    await page.getByTestId('proven-optimal').or(page.getByTestId('assign-failure')).first().waitFor();
    expect(await page.getByTestId('assign-failure').count(), await page.locator('body').innerText()).toBe(0);
    await page.getByTestId('open-round').click();
    await expect.poll(() => page.getByTestId('round-status').innerText(), { timeout: 15_000 }).not.toBe('筹备中');

    // The expert scores both proposals: a draft that saves, then a submission.
    page = await signedIn(DEMO.expert);
    await page.getByTestId('main-nav').getByText('我的评审').click();
    await page.getByTestId('my-reviews').waitFor();
    const mine = await json<{ sheetId: string; code: string; roundId: string }[]>(page, 'GET', '/api/v1/review/assignments');
    const sheets = mine.filter((a) => a.roundId === round.id);
    expect(sheets).toHaveLength(2);
    const plan: [number, number][] = [[9, 8], [6, 7]];
    for (const [k, a] of sheets.entries()) {
      await page.goto(url('/review/my'));
      await page.getByTestId(`open-sheet-${a.code}`).click();
      await page.getByTestId('reading-pane').waitFor();
      // Double-blind: the notice, and no applicant block.
      await page.getByTestId('blind-notice').waitFor();
      expect(await page.getByTestId('identity').count()).toBe(0);
      await page.getByTestId('score-input-innovation').fill(String(plan[k]![0]));
      await page.getByTestId('save-draft').click();
      await expect.poll(() => page.getByTestId('saved-at').innerText(), { timeout: 15_000 }).toContain('已于');
      await page.getByTestId('score-input-feasibility').fill(String(plan[k]![1]));
      await page.getByTestId('overall-comment').fill('技术路线清晰，团队基础扎实。');
      // 40 % × 9/10 + 60 % × 8/10 = 84.00; 40 % × 6/10 + 60 % × 7/10 = 66.00
      await expect.poll(() => page.getByTestId('live-total').innerText()).toContain(k === 0 ? '84.00' : '66.00');
      await page.getByTestId('submit-sheet').click();
      await page.getByTestId('confirm-submit').click();
      await page.getByTestId('sheet-locked').waitFor();
    }

    // The officer closes the round and sees the ranking, then adopts it into the challenge.
    page = await signedIn(DEMO.officer);
    await page.goto(url(`/reviews/${round.id}?tab=progress`));
    await expect.poll(() => page.getByTestId('progress-count').innerText(), { timeout: 15_000 }).toContain('2 / 2');
    await page.getByTestId('close-round').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('round-status').innerText(), { timeout: 15_000 }).not.toBe('评分中');
    await page.goto(url(`/reviews/${round.id}?tab=results`));
    const rows = page.getByTestId('results-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    const first = await rows.first().innerText();
    expect(first).toContain(sheets[0]!.code);
    expect(first).toContain('84.00');
    await page.getByTestId('results-chart').waitFor();
    await page.getByTestId('adopt-results').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(async () => (await json<{ score: number | null; code: string }[]>(page, 'GET', `/api/v1/challenges/${challenge!.id}/ranking`)).map((r) => [r.code, r.score]), { timeout: 15_000 }).toEqual([
      [sheets[0]!.code, 84],
      [sheets[1]!.code, 66],
    ]);
    await page.goto(url(`/challenges/${challenge!.id}?tab=review`));
    await page.getByTestId('review-rounds').getByText('已采纳').waitFor();
    expectNoProblems(b);
  });
});
