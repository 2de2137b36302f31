import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const e2e = inject('e2e');
export const skipBrowser = e2e.skip !== null;

export const DEMO_PASSWORD = 'Demo2026kechuang';
export const DEMO = {
  admin: 'admin@demo.kechuang.cn',
  officer: 'officer@demo.kechuang.cn',
  applicant: 'applicant@demo.kechuang.cn',
  expert: 'expert@demo.kechuang.cn',
  facility_manager: 'facility@demo.kechuang.cn',
  auditor: 'auditor@demo.kechuang.cn',
} as const;
export type DemoRole = keyof typeof DEMO;

export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'kechuang-e2e');

export interface Browser {
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far (React and antd warnings included). */
  problems: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** A Chromium with a fresh profile; one per test file. */
export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'kc-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: e2e.chromium,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 860 },
    // Charts then draw without animation, so what a test reads or a screenshot shows is final.
    reducedMotion: 'reduce',
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Generous: CI machines are small and the embedded database serves one query at a time.
  context.setDefaultTimeout(30_000);
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') {
        const text = msg.text();
        // The browser logs every failed request; the tests expect some (wrong password, 401 before sign-in).
        if (/Failed to load resource/.test(text)) return;
        problems.push(`${msg.type()}: ${text}`);
      }
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return {
    context,
    problems,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs out by dropping cookies and the remembered language, so each test starts anonymous in Chinese. */
export async function resetSession(b: Browser) {
  await b.context.clearCookies();
  for (const p of b.context.pages()) await p.close();
}

export function url(path: string) {
  return e2e.baseUrl + path;
}

/** Signs in through the login page's form. */
/**
 * How long the app may take to show its navigation after signing in. The first page after sign-in loads its
 * route chunk and several queries; on a loaded 2-core CI machine (PGlite is one session, so a background job's
 * query delays it) that once took over 30 s.
 */
export const SIGN_IN_TIMEOUT = 60_000;

export async function signIn(page: Page, identifier: string, password = DEMO_PASSWORD, path = '/login') {
  await page.goto(url(path));
  await page.getByTestId('identifier').fill(identifier);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * Switches the language with the header's switch. Menus that were open before stay in the page
 * hidden, so only the visible menu item is clicked; waits until the page says the new language.
 */
export async function switchLanguage(page: Page, lang: 'zh-CN' | 'en') {
  // A click that lands while the dropdown is still opening (or is re-rendered) is lost on a busy
  // machine; open and choose again until the page says the new language, as a person would.
  await expect
    .poll(
      async () => {
        if ((await page.locator('html').getAttribute('lang')) === lang) return lang;
        const item = page.getByRole('menuitem', { name: lang === 'en' ? 'English' : '中文' }).filter({ visible: true });
        if (await item.count()) await item.first().click({ timeout: 3000 }).catch(() => undefined);
        else await page.getByTestId('language-switch').click({ timeout: 3000 }).catch(() => undefined);
        return page.locator('html').getAttribute('lang');
      },
      { timeout: 30_000 },
    )
    .toBe(lang);
}

/** The labels of the main navigation, in order. */
export async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByTestId('main-nav');
  await nav.waitFor();
  const items = nav.locator('li.ant-menu-item');
  return (await items.allInnerTexts()).map((s) => s.trim());
}

/** The newest .eml written to DATA_DIR/mail for an address (the server stores mail there without SMTP). */
export async function waitForMail(to: string, timeoutMs = 10_000): Promise<string> {
  const dir = join(e2e.dataDir, 'mail');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const files = readdirSync(dir)
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      for (const f of files) {
        const text = readFileSync(f, 'utf8');
        if (text.includes(`To: ${to}`)) return text;
      }
    } catch {
      // no mail yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

/** Waits until every ECharts chart on the page reports it has finished drawing (see web/src/components/charts/EChart.tsx). */
export async function chartsReady(page: Page, timeout = 15_000) {
  // A string: this file is compiled without the DOM library.
  const allReady = `(() => {
    const charts = [...document.querySelectorAll('[data-chart-ready]')];
    return charts.length > 0 && charts.every((c) => c.getAttribute('data-chart-ready') === 'true');
  })()`;
  await page.waitForFunction(allReady, null, { timeout });
}

/** Clicks what starts a download and returns the file's name and text. */
export async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

export function expectNoProblems(b: Browser) {
  expect(b.problems, b.problems.join('\n')).toEqual([]);
}
