import { test, expect, hydrated, LANGUAGES } from './fixtures';
import { sessionFile } from './accounts';

/** What the dashboard pages say, per language. */
const t = {
  fr: {
    portfolio: 'Portefeuille',
    health: 'Santé',
    offTrack: 'Hors cible',
    atRisk: 'À risque',
    apply: 'Appliquer',
    asOf: 'À la date du',
    compareWith: 'Comparer avec le',
    show: 'Afficher',
    dataTable: 'Données du graphique (tableau)',
    completionTitle: 'Avancement dans le temps',
    october2017: 'État au 31 octobre 2017.',
    changes: 'Changements du 31 octobre 2017 au 31 décembre 2019',
    statusChanged: /Statut changé \(\d+\)/,
    computed: 'Calculée',
  },
  en: {
    portfolio: 'Portfolio',
    health: 'Health',
    offTrack: 'Off track',
    atRisk: 'At risk',
    apply: 'Apply',
    asOf: 'As of',
    compareWith: 'Compare with',
    show: 'Show',
    dataTable: 'Chart data (table)',
    completionTitle: 'Completion over time',
    october2017: 'As it stood on October 31, 2017.',
    changes: 'Changes from October 31, 2017 to December 31, 2019',
    statusChanged: /Status changed \(\d+\)/,
    computed: 'Computed',
  },
} as const;

/** The cells of the completion table's row for `date`, by status code. */
async function completionRow(page: import('@playwright/test').Page, date: string) {
  const row = page.getByTestId('completion-table').locator(`tr[data-date="${date}"]`);
  const cell = (status: string) => row.locator(`td[data-status="${status}"]`);
  return { completed: cell('completed'), inProgress: cell('in_progress') };
}

for (const lang of LANGUAGES) {
  const w = t[lang];

  test.describe(`executive dashboard (${lang})`, () => {
    test.use({ storageState: sessionFile('viewer') });

    test('filter the portfolio and share the URL', async ({ page, browser }) => {
      await page.goto(`/${lang}/portfolio`);
      await expect(page.getByRole('heading', { level: 1, name: w.portfolio })).toBeVisible();
      const all = Number((await page.getByTestId('headline-count').textContent())?.replace(/\D/g, ''));
      expect(all).toBeGreaterThan(40);
      await hydrated(page);

      await page.getByLabel(w.health, { exact: true }).selectOption('at_risk');
      await page.getByRole('button', { name: w.apply }).click();
      await expect(page).toHaveURL(/[?&]health=at_risk/);
      const rows = page.getByTestId('health-grid').locator('tbody tr');
      const n = await rows.count();
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(all);
      // Every row kept is at risk overall (the health column).
      for (let i = 0; i < n; i++) {
        await expect(rows.nth(i).locator('td').nth(2)).toContainText(w.atRisk);
      }
      await expect(page.getByTestId('headline-count')).toHaveText(String(n));

      // The shared address shows the same view to another reader.
      const shared = page.url();
      const other = await browser.newContext({ storageState: sessionFile('viewer') });
      const second = await other.newPage();
      await second.goto(shared);
      await expect(second.getByTestId('health-grid').locator('tbody tr')).toHaveCount(n);
      await expect(second.getByLabel(w.health, { exact: true })).toHaveValue('at_risk');
      await other.close();
    });

    test('open a strategy and read its completion chart and data table', async ({ page }) => {
      await page.goto(`/${lang}/portfolio`);
      await page.getByTestId('health-grid').locator('tr[data-code="SGTI-2015"] a').first().click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
      const figure = page.getByTestId('chart-completion');
      await expect(figure.getByRole('heading', { name: w.completionTitle })).toBeVisible();
      // The chart is drawn on the server into the page, named by its title.
      const image = figure.getByRole('img', { name: w.completionTitle });
      await image.scrollIntoViewIfNeeded();
      await expect(image).toBeVisible();
      expect(await image.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg');
      const box = await image.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(100);
      // Its SVG downloads as a file of the same chart.
      const svgHref = await figure.locator('a[href*="completion.svg"]').getAttribute('href');
      const file = await page.request.get(svgHref!);
      expect(file.headers()['content-type']).toMatch(/^image\/svg\+xml/);
      expect(await file.text()).toContain(w.completionTitle);
      await figure.getByText(w.dataTable).click();
      const november2017 = await completionRow(page, '2017-11-01');
      await expect(november2017.completed).toHaveText('16');
      await expect(november2017.inProgress).toHaveText('20');
      // Its CSV holds the same figures.
      const csvHref = await figure.locator('a[href*="completion.csv"]').getAttribute('href');
      const csv = await (await page.request.get(csvHref!)).text();
      expect(csv.split('\n').find((line) => line.startsWith('2017-11-01'))).toMatch(/(^|,)16(,|$)/);
    });

    test('move the as-of date back to October 2017', async ({ page }) => {
      await page.goto(`/${lang}/portfolio`);
      // Hydrated first, so that the link is always followed by the router.
      await hydrated(page);
      await page.getByTestId('health-grid').locator('tr[data-code="SGTI-2015"] a').first().click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
      await hydrated(page);
      await page.getByTestId('as-of-form').getByLabel(w.asOf).fill('2017-10-31');
      await page.getByTestId('as-of-form').getByRole('button', { name: w.show }).click();
      await expect(page).toHaveURL(/as_of=2017-10-31/);
      await expect(page.getByTestId('as-of')).toContainText(w.october2017);
      // The strategy's own row of the roll-up: its 36 measures then.
      const strategy = page.getByTestId('rollup').locator('tbody tr[data-rollup-depth="0"]');
      const cells = strategy.locator('td');
      await expect(cells.nth(1)).toHaveText('20'); // in progress
      await expect(cells.nth(2)).toHaveText('16'); // completed
      await expect(cells.nth(0)).toHaveText('0'); // planned
      // The chart follows the date: drawn to October 2017, its download too.
      const chart = page.getByTestId('chart-completion');
      await expect(chart.locator('a[href*="completion.svg"]')).toHaveAttribute(
        'href',
        /completion\.svg\?as_of=2017-10-31$/,
      );
      const ticks = await chart.getByRole('img').evaluate((svg) => svg.textContent ?? '');
      expect(ticks).toContain('2017');
      expect(ticks).not.toContain('2020');
    });

    test('compare two dates', async ({ page }) => {
      await page.goto(`/${lang}/portfolio`);
      await hydrated(page);
      const form = page.getByTestId('portfolio-filters');
      await form.getByLabel(w.asOf).fill('2019-12-31');
      await form.getByLabel(w.compareWith).fill('2017-10-31');
      await form.getByRole('button', { name: w.apply }).click();
      await expect(page).toHaveURL(/as_of=2019-12-31/);
      const changes = page.getByTestId('changes');
      await expect(changes.getByRole('heading', { level: 2 })).toHaveText(w.changes);
      // The 2019 strategy appeared between the two dates.
      await expect(changes.getByTestId('changes-added')).toContainText('STNG-2019-2023');
      await expect(changes.getByRole('heading', { name: w.statusChanged })).toBeVisible();
      await expect(changes.getByTestId('changes-milestones')).toBeVisible();
    });

    test('an initiative shows its computed schedule beside the reported one', async ({ page }) => {
      await page.goto(`/${lang}/portfolio`);
      await page.getByTestId('health-grid').locator('tr[data-code="AUTH-GOUV"] a').first().click();
      const state = page.getByTestId('current-state');
      await expect(state.getByRole('rowheader', { name: w.computed })).toBeVisible();
      await expect(state.getByTestId('computed-schedule')).toContainText(w.offTrack);
      // The milestone timeline shows Accès UniQc's slippage in its table.
      const timeline = page.getByTestId('chart-milestones');
      await expect(timeline.getByRole('img')).toBeVisible();
      await timeline.getByText(w.dataTable).click();
      await expect(timeline.getByTestId('milestones-table').locator('td.late').first()).toBeVisible();
    });
  });

  test.describe(`portfolio without JavaScript (${lang})`, () => {
    test.use({ storageState: sessionFile('viewer'), javaScriptEnabled: false });

    test('the filters are a plain form', async ({ page }) => {
      await page.goto(`/${lang}/portfolio`);
      await page.getByLabel(w.health, { exact: true }).selectOption('at_risk');
      await page.getByRole('button', { name: w.apply }).click();
      await expect(page).toHaveURL(/[?&]health=at_risk/);
      const rows = page.getByTestId('health-grid').locator('tbody tr');
      expect(await rows.count()).toBeGreaterThan(0);
      await expect(rows.first().locator('td').nth(2)).toContainText(w.atRisk);
    });
  });
}
