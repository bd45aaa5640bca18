import { readFile } from 'node:fs/promises';
import { test, expect, LANGUAGES } from './fixtures';
import { sessionFile } from './accounts';

/** What the report page says, per language. */
const t = {
  fr: {
    title: 'Rapport d’échange d’information',
    from: 'Du',
    to: 'Au',
    language: 'Langue du rapport',
    generate: 'Rédiger le brouillon',
    cqen: 'Création du CQEN',
    act: 'Loi favorisant la transformation numérique',
    keep: 'Garder',
    addIssues: /Phrase à ajouter.*3\. Enjeux et besoins/,
    save: 'Enregistrer cette version',
    version: /Version enregistrée n° \d+/,
    download: 'Télécharger en Markdown',
    period: 'Période du 1er janvier 2019 au 31 décembre 2019',
    issues: '## 3\\. Enjeux et besoins',
    signIn: 'Se connecter',
  },
  en: {
    title: 'Information-sharing report',
    from: 'From',
    to: 'To',
    language: 'Language of the report',
    generate: 'Draft the report',
    cqen: 'The CQEN is created',
    act: 'Act to facilitate the public administration',
    keep: 'Keep',
    addIssues: /Sentence to add.*3\. Issues and needs/,
    save: 'Save this version',
    version: /Saved version no\. \d+/,
    download: 'Download as Markdown',
    period: 'Period from January 1, 2019 to December 31, 2019',
    issues: '## 3\\. Issues and needs',
    signIn: 'Sign in',
  },
} as const;

for (const lang of LANGUAGES) {
  const w = t[lang];

  test.describe(`information-sharing report (${lang})`, () => {
    test.describe('as an editor', () => {
      test.use({ storageState: sessionFile('editor') });

      test('draft 2019, drop an item, add a sentence, save, reopen and download', async ({ page }) => {
        await page.goto(`/${lang}/report`);
        await expect(page.getByRole('heading', { level: 1, name: w.title })).toBeVisible();

        // Generate the draft for 2019, in the page's language.
        const period = page.getByTestId('report-period');
        await period.getByLabel(w.from, { exact: true }).fill('2019-01-01');
        await period.getByLabel(w.to, { exact: true }).fill('2019-12-31');
        await period.getByLabel(w.language).selectOption(lang);
        await period.getByRole('button', { name: w.generate }).click();
        await expect(page).toHaveURL(/[?&]from=2019-01-01/);
        const document = page.getByTestId('report-document');
        await expect(document).toContainText(w.period);
        await expect(document).toContainText(w.act);
        const cqen = document.locator('li.report-item', { hasText: w.cqen });
        await expect(cqen).toHaveCount(1);

        // Drop the CQEN's item and add a sentence to the issues.
        await cqen.getByRole('checkbox', { name: w.keep }).uncheck();
        const sentence = `Partage d’information ${lang} ${Date.now()}.`;
        await page.getByLabel(w.addIssues).fill(sentence);
        await page.getByRole('button', { name: w.save }).click();

        // The saved version opens at its own address, as adjusted.
        await expect(page).toHaveURL(new RegExp(`/${lang}/report/versions/\\d+$`));
        await expect(page.getByRole('heading', { level: 1, name: w.version })).toBeVisible();
        const saved = page.getByTestId('report-document');
        await expect(saved).toContainText(sentence);
        await expect(saved).toContainText(w.act);
        await expect(saved).not.toContainText(w.cqen);
        const address = new URL(page.url()).pathname;

        // It is listed on the report page and opens again from there.
        await page.goto(`/${lang}/report`);
        await page.getByTestId('report-versions').locator(`a[href="${address}"]`).click();
        await expect(page).toHaveURL(new RegExp(`${address}$`));
        await expect(page.getByTestId('report-document')).toContainText(sentence);

        // Its Markdown download holds the same report.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: w.download }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`jalons-information-sharing-2019-01-01-2019-12-31-${lang}.md`);
        const markdown = await readFile((await download.path())!, 'utf8');
        expect(markdown).toContain(w.issues);
        expect(markdown).toContain(sentence.replace(/\./g, '\\.'));
        expect(markdown).not.toContain(w.cqen);
        expect(markdown).toContain(w.period);
      });
    });

    test.describe('as a viewer', () => {
      test.use({ storageState: sessionFile('viewer') });

      test('reads and downloads the draft but has no edit controls', async ({ page }) => {
        await page.goto(`/${lang}/report?from=2019-01-01&to=2019-12-31&lang=${lang}`);
        await expect(page.getByTestId('report-document')).toContainText(w.cqen);
        await expect(page.getByTestId('report-edit')).toHaveCount(0);
        await expect(page.getByRole('button', { name: w.save })).toHaveCount(0);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: w.download }).click(),
        ]);
        const markdown = await readFile((await download.path())!, 'utf8');
        expect(markdown).toContain(w.cqen);
      });
    });

    test.describe('anonymous', () => {
      // The refusal may answer 401, which the browser logs as a failed load.
      test.use({ allowFailedLoads: true });

      test('gets the sign-in prompt, never the report', async ({ page }) => {
        await page.goto(`/${lang}/report?from=2019-01-01&to=2019-12-31`);
        // The page's own prompt, beside the header's link.
        await expect(page.locator('main').getByRole('link', { name: w.signIn })).toBeVisible();
        await expect(page.getByTestId('report-document')).toHaveCount(0);
        await expect(page.locator('body')).not.toContainText(w.cqen);
      });
    });
  });
}
