import { test, expect, hydrated, LANGUAGES } from './fixtures';
import { sessionFile } from './accounts';

/** Labels of the milestone, indicator and administration pages, per language. */
const t = {
  fr: {
    titleFr: 'Titre en français',
    titleEn: 'Titre en anglais',
    baseline: 'Date de référence',
    addMilestone: 'Ajouter le jalon',
    replan: 'Replanifier ou consigner la date réelle',
    forecast: 'Date prévue',
    reasonFr: 'Raison en français',
    saveRevision: 'Enregistrer la révision',
    late: '10 j de retard',
    code: 'Code',
    nameFr: 'Nom en français',
    nameEn: 'Nom en anglais',
    unitFr: 'Unité en français',
    unitEn: 'Unité en anglais',
    direction: 'Sens souhaité',
    up: 'À la hausse',
    addIndicator: 'Ajouter l’indicateur',
    recordValue: 'Consigner une valeur',
    measuredOn: 'Mesurée le',
    saveValue: 'Enregistrer la valeur',
    email: 'Adresse courriel',
    name: 'Nom',
    role: 'Rôle',
    createAccount: 'Créer le compte',
    created: (email: string) => `Le compte de ${email} est créé.`,
    addOrganisation: 'Ajouter l’organisation',
    administration: 'Administration',
  },
  en: {
    titleFr: 'Title in French',
    titleEn: 'Title in English',
    baseline: 'Baseline date',
    addMilestone: 'Add the milestone',
    replan: 'Re-plan or record the actual date',
    forecast: 'Forecast date',
    reasonFr: 'Reason in French',
    saveRevision: 'Save the revision',
    late: '10 days late',
    code: 'Code',
    nameFr: 'Name in French',
    nameEn: 'Name in English',
    unitFr: 'Unit in French',
    unitEn: 'Unit in English',
    direction: 'Desired direction',
    up: 'Up',
    addIndicator: 'Add the indicator',
    recordValue: 'Record a value',
    measuredOn: 'Measured on',
    saveValue: 'Save the value',
    email: 'E-mail address',
    name: 'Name',
    role: 'Role',
    createAccount: 'Create the account',
    created: (email: string) => `The account of ${email} is created.`,
    addOrganisation: 'Add the organisation',
    administration: 'Administration',
  },
} as const;

/** Demo initiatives each language works on (tests run in parallel). */
const ids = { milestones: { fr: 12, en: 13 }, indicators: { fr: 14, en: 15 } } as const;

for (const lang of LANGUAGES) {
  const s = t[lang];

  test.describe(`milestones, indicators and administration (${lang})`, () => {
    test.use({ storageState: sessionFile('administrator') });

    test('a milestone is added, then re-planned with a reason: its slippage shows', async ({ page }) => {
      const id = ids.milestones[lang];
      // Unique per run, so that the test can be repeated on the same database.
      const stamp = Date.now();
      const title = `Jalon e2e ${lang} ${stamp}`;
      const shown = lang === 'fr' ? title : `${title} (en)`;
      const reason = `Livraison du fournisseur reportée ${stamp}`;
      await page.goto(`/${lang}/initiatives/${id}/milestones`);
      await hydrated(page);
      await page.getByLabel(s.titleFr, { exact: true }).fill(title);
      await page.getByLabel(s.titleEn, { exact: true }).fill(`${title} (en)`);
      await page.getByLabel(s.baseline, { exact: true }).fill('2026-03-01');
      await page.getByRole('button', { name: s.addMilestone }).click();
      const milestone = page.getByRole('region', { name: shown, exact: true });
      await expect(milestone).toBeVisible();

      await milestone.getByRole('link', { name: s.replan }).click();
      await page.getByLabel(s.forecast, { exact: true }).fill('2026-03-11');
      await page.getByLabel(s.reasonFr, { exact: true }).fill(reason);
      await page.getByRole('button', { name: s.saveRevision }).click();

      await expect(page).toHaveURL(new RegExp(`/${lang}/initiatives/${id}/milestones`));
      await expect(milestone.getByText(s.late).first()).toBeVisible();
      await expect(milestone.getByText(reason)).toBeVisible();
    });

    test('an indicator is added and a dated value recorded', async ({ page }) => {
      const id = ids.indicators[lang];
      const code = `e2e-${lang}`;
      await page.goto(`/${lang}/initiatives/${id}/indicators`);
      await hydrated(page);
      await page.getByLabel(s.code, { exact: true }).fill(code);
      await page.getByLabel(s.nameFr, { exact: true }).fill('Boîtes migrées');
      await page.getByLabel(s.nameEn, { exact: true }).fill('Mailboxes migrated');
      await page.getByLabel(s.unitFr, { exact: true }).fill('boîtes');
      await page.getByLabel(s.unitEn, { exact: true }).fill('mailboxes');
      await page.getByLabel(s.direction, { exact: true }).selectOption({ label: s.up });
      await page.getByRole('button', { name: s.addIndicator }).click();
      await expect(page.getByText(code).first()).toBeVisible();

      await page.getByRole('link', { name: s.recordValue }).first().click();
      await page.getByLabel(s.measuredOn, { exact: true }).fill('2026-06-30');
      await page.locator('#f-value').fill('1250');
      await page.getByRole('button', { name: s.saveValue }).click();

      await expect(page).toHaveURL(new RegExp(`/${lang}/initiatives/${id}/indicators`));
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '2026-06-30' }) });
      await expect(row.first()).toBeVisible();
    });

    test('an administrator adds an account and an organisation', async ({ page }) => {
      const email = `new-${lang}-${Date.now()}@e2e.example`;
      await page.goto(`/${lang}/initiatives`);
      await page.getByRole('link', { name: s.administration }).click();
      await expect(page).toHaveURL(new RegExp(`/${lang}/admin/accounts$`));
      await page.getByLabel(s.email, { exact: true }).fill(email);
      await page.getByLabel(s.name, { exact: true }).fill('Nouvelle Personne');
      await page.getByRole('button', { name: s.createAccount }).click();
      await expect(page.getByText(s.created(email))).toBeVisible();

      const code = `ORG-E2E-${lang.toUpperCase()}`;
      await page.goto(`/${lang}/admin/organisations`);
      await page.getByLabel(s.code, { exact: true }).fill(code);
      await page.getByLabel(s.nameFr, { exact: true }).fill('Organisme d’essai');
      await page.getByLabel(s.nameEn, { exact: true }).fill('Test body');
      await page.getByRole('button', { name: s.addOrganisation }).click();
      await expect(page.getByText(code)).toBeVisible();
    });
  });
}
