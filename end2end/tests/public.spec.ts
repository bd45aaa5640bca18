import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, LANGUAGES, other, text } from './fixtures';

/** What the public pages say, per language. */
const publicText = {
  fr: {
    glance: 'L’avancement en un coup d’œil',
    roots: 'Stratégies et programmes',
    completion: 'Avancement dans le temps',
    rollup: 'Arborescence et cumul',
    data: 'À propos des données',
    dataTable: 'Données du graphique (tableau)',
    inProgress: 'En cours',
    completed: 'Terminé',
    dictionary: 'Dictionnaire des données',
    percentMeaning: 'Son pourcentage d’avancement déclaré.',
  },
  en: {
    glance: 'Progress at a glance',
    roots: 'Strategies and programmes',
    completion: 'Completion over time',
    rollup: 'Tree and roll-up',
    data: 'About the data',
    dataTable: 'Chart data (table)',
    inProgress: 'In progress',
    completed: 'Completed',
    dictionary: 'Data dictionary',
    percentMeaning: 'Its reported percent complete.',
  },
} as const;

/**
 * What the public never meets in the demo: the code and description of the
 * project it keeps internal (public narratives may name the centre itself),
 * and the internal note its reports carry.
 */
const INTERNAL = [
  'CYBERDEFENSE',
  'gardée interne par la démo',
  'Kept internal by the demo',
  'ne pas diffuser sans',
  'not to be shared without',
];

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function noViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, `axe on ${page.url()}`).toEqual([]);
}

/** The public page addresses the home page links to (its roots). */
async function rootPages(page: Page, lang: string): Promise<string[]> {
  await page.goto(`/${lang}`);
  const hrefs = await page
    .locator(`main a[href^="/${lang}/progress/"]`)
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return [...new Set(hrefs.filter((href) => /\/progress\/\d+$/.test(href)))];
}

/** The public page of the 2015 strategy, reached from the home page. */
async function openStrategy(page: Page, lang: string) {
  await page.goto(`/${lang}`);
  await page.getByRole('link', { name: /SGTI-2015/ }).first().click();
  await expect(page).toHaveURL(new RegExp(`/${lang}/progress/\\d+$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
}

for (const lang of LANGUAGES) {
  const p = publicText[lang];

  test.describe(`public site (${lang})`, () => {
    test('the home page shows the published portfolio: figures, charts, strategies', async ({ page }) => {
      await page.goto(`/${lang}`);

      await expect(page.getByRole('heading', { level: 2, name: p.glance })).toBeVisible();
      const published = Number(
        (await page.getByTestId('figure-initiatives').innerText()).replace(/\s/g, ''),
      );
      expect(published).toBeGreaterThan(40);
      await expect(page.getByTestId('figure-completion')).toHaveText(/^\d+\s?%$/);
      const chart = page.getByTestId('chart-completion');
      await expect(chart.getByRole('heading', { name: p.completion })).toBeVisible();
      const image = chart.locator('img');
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      await expect(page.getByRole('heading', { level: 2, name: p.roots })).toBeVisible();
      await expect(page.getByRole('link', { name: /SGTI-2015/ }).first()).toBeVisible();
      const body = await page.content();
      for (const marker of INTERNAL) expect(body).not.toContain(marker);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^.{50,}$/);
      for (const l of LANGUAGES) {
        await expect(page.locator(`link[rel="alternate"][hreflang="${l}"]`)).toHaveAttribute(
          'href',
          new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${l}$`),
        );
      }
      await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveAttribute(
        'href',
        /^http:\/\/127\.0\.0\.1:\d+\/$/,
      );
    });

    test('a strategy: its roll-up, its completion chart and the chart’s data', async ({ page, request }) => {
      await openStrategy(page, lang);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^.{50,}$/);

      const rollup = page.getByTestId('rollup').locator('tbody tr[data-rollup-depth="0"]');
      await expect(rollup).toHaveCount(1);
      const chart = page.getByTestId('chart-completion');
      await chart.getByText(p.dataTable).click();
      const table = chart.getByTestId('completion-table');
      await expect(table).toBeVisible();
      // October 2017, as the demo tells it: 16 measures completed, 20 in progress.
      const october = table.locator('tr[data-date="2017-11-01"]');
      await expect(october.locator('td[data-status="completed"]')).toHaveText('16');
      await expect(october.locator('td[data-status="in_progress"]')).toHaveText('20');
      const csv = await chart.getByRole('link', { name: /CSV/ }).getAttribute('href');
      const response = await request.get(csv!);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('text/csv');
      const lines = (await response.text()).split('\n');
      expect(lines[0]).toContain(lang === 'fr' ? 'Réalisée' : 'Completed');
      expect(lines.find((line) => line.startsWith('2017-11-01,'))).toBe('2017-11-01,16,20,0,0,0,36');
      // A measure of the strategy has its own page.
      await page.locator('main table a[href*="/progress/"]').last().click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByTestId('public-state')).toBeVisible();
    });

    test('the data page says what is published, how often, and where to get it', async ({ page }) => {
      await page.goto(`/${lang}`);
      await page.getByRole('link', { name: p.data }).first().click();

      await expect(page).toHaveURL(new RegExp(`/${lang}/data$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.data);
      await expect(page.getByTestId('data-facts')).toContainText('6');
      await expect(page.locator('a[href="/api/v1/initiatives.csv"]')).toBeVisible();
      await expect(page.locator('a[href="/api/v1/openapi.json"]')).toBeVisible();
      // Its dictionary explains each column of the open data, in the page's language.
      const dictionary = page.getByTestId('data-dictionary');
      await expect(dictionary.getByRole('heading', { level: 2 })).toHaveText(p.dictionary);
      const row = dictionary.getByRole('row').filter({ has: page.locator('code', { hasText: /^percent_complete$/ }) });
      await expect(row.getByRole('cell').last()).toHaveText(p.percentMeaning);
    });

    test('every public page passes axe (WCAG 2.2 AA)', async ({ page }) => {
      test.setTimeout(120_000);
      const pages = [`/${lang}`, `/${lang}/data`, ...(await rootPages(page, lang))];
      expect(pages.length).toBeGreaterThan(3);
      for (const path of pages) {
        await page.goto(path);
        await noViolations(page);
      }
      // And a measure's page, below its strategy.
      await openStrategy(page, lang);
      await page.locator('main table a[href*="/progress/"]').last().click();
      await expect(page.getByTestId('public-state')).toBeVisible();
      await noViolations(page);
    });

    test('the keyboard alone reaches a strategy, with the focus always visible', async ({ page }) => {
      await page.goto(`/${lang}`);

      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: text[lang].skip })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.locator('main')).toBeFocused();
      let found = false;
      for (let i = 0; i < 80 && !found; i++) {
        await page.keyboard.press('Tab');
        const focused = page.locator(':focus');
        const outline = await focused.evaluate((el) => {
          const style = getComputedStyle(el);
          return `${style.outlineStyle} ${style.outlineWidth}`;
        });
        expect(outline, 'a visible focus outline').not.toMatch(/^none|\s0px$/);
        found = await focused.evaluate(
          (el) => el.tagName === 'A' && /SGTI-2015/.test(el.textContent ?? ''),
        );
      }
      expect(found, 'the strategy link is reached by Tab').toBe(true);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
    });

    test('reads without JavaScript: figures, strategy, data tables', async ({ browser, baseURL }) => {
      const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
      const page = await context.newPage();

      await page.goto(`/${lang}`);
      await expect(page.getByTestId('figure-initiatives')).toHaveText(/\d/);
      await page.getByRole('link', { name: /SGTI-2015/ }).first().click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
      const chart = page.getByTestId('chart-completion');
      await chart.getByText(p.dataTable).click();
      await expect(chart.getByTestId('completion-table')).toBeVisible();
      await page.getByRole('link', { name: text[lang].switchTo }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', other(lang));
      await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
      await context.close();
    });
  });
}

for (const lang of LANGUAGES) {
  test.describe(`public site, missing page (${lang})`, () => {
    // The browser logs the 404 of the document itself as a failed load.
    test.use({ allowFailedLoads: true });

    test('an initiative the public may not see is not found', async ({ page }) => {
      const response = await page.goto(`/${lang}/progress/999999`);
      expect(response!.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[lang].notFound);
      await expect(page.locator('main')).toHaveCount(1);
    });
  });
}

test('the sitemap lists the public pages in both languages, and robots.txt points to it', async ({ request }) => {
  const sitemap = await request.get('/sitemap.xml');
  expect(sitemap.status()).toBe(200);
  const xml = await sitemap.text();
  for (const lang of LANGUAGES) {
    expect(xml).toMatch(new RegExp(`<loc>http://[^<]+/${lang}/progress/\\d+</loc>`));
    expect(xml).toMatch(new RegExp(`<loc>http://[^<]+/${lang}/data</loc>`));
  }
  for (const marker of INTERNAL) expect(xml).not.toContain(marker);
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toMatch(/^Sitemap: http:\/\/\S+\/sitemap\.xml$/m);
});
