import { test, expect, hydrated, LANGUAGES, type Lang } from './fixtures';
import { account, sessionFile } from './accounts';

/** What the signed-in pages say, per language. */
const t = {
  fr: {
    signInHeading: 'Connexion',
    email: 'Adresse courriel',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    badCredentials: 'Adresse courriel ou mot de passe incorrect.',
    initiatives: 'Initiatives',
    recordUpdate: 'Consigner un état',
    health: 'Santé globale',
    atRisk: 'À risque',
    issuesFr: 'Enjeux et besoins (français)',
    explain: 'Un état « à risque » ou « hors cible » doit être expliqué : décrivez les enjeux.',
    save: 'Enregistrer l’état',
    edit: 'Modifier',
    titleFr: 'Titre (français)',
    titleEn: 'Titre (anglais)',
    saveInitiative: 'Enregistrer l’initiative',
    conflict: 'Quelqu’un d’autre a enregistré cette initiative',
    file: 'Fichier CSV',
    check: 'Vérifier le fichier',
    importNow: 'Importer maintenant',
    imported: 'Importation faite : 1 créé(s)',
    outOfRange: '101 est hors des limites (0 à 100).',
    unknownStatus: '« finished » n’est pas une valeur permise',
    seeAudit: 'Voir les modifications dans le journal',
  },
  en: {
    signInHeading: 'Sign in',
    email: 'E-mail address',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    badCredentials: 'Wrong e-mail address or password.',
    initiatives: 'Initiatives',
    recordUpdate: 'Record an update',
    health: 'Overall health',
    atRisk: 'At risk',
    issuesFr: 'Issues and needs (French)',
    explain: 'At-risk or off-track health must be explained: describe the issues.',
    save: 'Save the update',
    edit: 'Edit',
    titleFr: 'Title (French)',
    titleEn: 'Title (English)',
    saveInitiative: 'Save the initiative',
    conflict: 'Someone else saved this initiative',
    file: 'CSV file',
    check: 'Check the file',
    importNow: 'Import now',
    imported: 'Imported: 1 created',
    outOfRange: '101 is out of range (0 to 100).',
    unknownStatus: '“finished” is not an allowed value',
    seeAudit: 'See the changes in the audit trail',
  },
} as const;

/** Demo initiatives each test works on, distinct per language (tests run in parallel). */
const ids = {
  update: { fr: 6, en: 7 },
  noScript: { fr: 10, en: 11 },
  conflict: { fr: 8, en: 9 },
  race: { fr: 16, en: 17 },
  importCode: { fr: 'SGTI-2015/A1/M05', en: 'SGTI-2015/A1/M06' },
} as const;

const HEADER =
  'id,initiative_id,initiative_code,as_of,status,health,schedule_health,cost_health,scope_health,' +
  'percent_complete,approved_budget,spent_to_date,forecast_at_completion,accomplishments_fr,' +
  'accomplishments_en,next_steps_fr,next_steps_en,issues_fr,issues_en,internal_note,supersedes';

const csvRow = (code: string, status: string, percent: string, note: string) =>
  `,,${code},2026-10-15,${status},on_track,,,,${percent},,,,${note},${note},,,,,,`;

for (const lang of LANGUAGES) {
  const s = t[lang];

  test.describe(`sign-in (${lang})`, () => {
    test('a wrong password is refused, the right one signs in, sign-out signs out', async ({ page }) => {
      const viewer = account('viewer');
      await page.goto(`/${lang}/session`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.signInHeading);

      await page.getByLabel(s.email).fill(viewer.email);
      await page.getByLabel(s.password).fill('not-the-password');
      await page.getByRole('button', { name: s.signIn }).click();

      await expect(page.getByRole('alert')).toHaveText(s.badCredentials);

      await page.getByLabel(s.email).fill(viewer.email);
      await page.getByLabel(s.password).fill(viewer.password);
      await page.getByRole('button', { name: s.signIn }).click();

      await expect(page).toHaveURL(new RegExp(`/${lang}/initiatives$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(s.initiatives);
      await expect(page.getByText(viewer.name)).toBeVisible();
      // A viewer reads but is offered no way to write.
      await expect(page.getByRole('link', { name: s.recordUpdate })).toHaveCount(0);

      await page.getByRole('button', { name: s.signOut }).click();

      await expect(page).toHaveURL(new RegExp(`/${lang}$`));
      await expect(page.getByRole('link', { name: s.signIn })).toBeVisible();
      await page.goto(`/${lang}/initiatives`);
      await expect(page.getByRole('alert')).toBeVisible();
    });
  });

  test.describe(`status update (${lang})`, () => {
    test.use({ storageState: sessionFile('editor'), refusalStatuses: [422] });

    test('an at-risk update without an explanation is refused beside the field, then saved', async ({ page }) => {
      const id = ids.update[lang];
      await page.goto(`/${lang}/initiatives/${id}/update`);
      await hydrated(page);
      const marker = `e2e ${lang} ${Date.now()}`;

      await page.getByLabel(s.health).selectOption({ label: s.atRisk });
      await page.locator('#f-percent_complete').fill('55');
      // The form is an island: its answer comes without loading the page again.
      await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      await page.getByRole('button', { name: s.save }).click();

      const issues = page.getByLabel(s.issuesFr);
      await expect(issues).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('#f-issues_fr-error')).toHaveText(s.explain);
      // What was typed is still there.
      await expect(page.locator('#f-percent_complete')).toHaveValue('55');
      expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      await expect(page).toHaveURL(new RegExp(`/${lang}/initiatives/${id}/update$`));

      await issues.fill(marker);
      await page.getByRole('button', { name: s.save }).click();

      await expect(page).toHaveURL(new RegExp(`/${lang}/initiatives/${id}#update-\\d+$`));
      const latest = page.locator('.timeline__item').first();
      await expect(latest).toContainText(marker);
      await expect(latest).toContainText(s.atRisk);
      await expect(latest).toContainText('55 %');
    });
  });

  test.describe(`status update without JavaScript (${lang})`, () => {
    test.use({ storageState: sessionFile('editor'), javaScriptEnabled: false });

    test('the form posts, comes back with its error and what was typed, then saves', async ({ page }) => {
      const id = ids.noScript[lang];
      await page.goto(`/${lang}/initiatives/${id}/update`);
      await page.locator('#f-percent_complete').fill('101');
      await page.getByRole('button', { name: s.save }).click();

      await expect(page.locator('#f-percent_complete-error')).toHaveText(s.outOfRange);
      await expect(page.locator('#f-percent_complete')).toHaveValue('101');

      await page.locator('#f-percent_complete').fill('60');
      await page.getByRole('button', { name: s.save }).click();

      await expect(page).toHaveURL(new RegExp(`/${lang}/initiatives/${id}`));
      await expect(page.locator('.timeline__item').first()).toContainText('60 %');
    });
  });

  test.describe(`editing conflict (${lang})`, () => {
    test('the second editor to save sees what changed and keeps what they typed', async ({ browser }) => {
      const id = ids.conflict[lang];
      const first = await browser.newContext({ storageState: sessionFile('editor') });
      const second = await browser.newContext({ storageState: sessionFile('administrator') });
      // These pages are outside the fixture's watch: collect their errors here.
      const errors: string[] = [];
      const a = await first.newPage();
      const b = await second.newPage();
      for (const page of [a, b]) {
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          // The conflict itself is a 409 answer; anything else is a defect.
          const refusal = 'Failed to load resource: the server responded with a status of 409';
          if (message.type() === 'error' && !message.text().startsWith(refusal)) errors.push(message.text());
        });
      }
      await a.goto(`/${lang}/initiatives/${id}/edit`);
      await b.goto(`/${lang}/initiatives/${id}/edit`);
      await hydrated(a);
      await hydrated(b);
      const theirs = `English title by the first editor ${lang}`;
      const mine = `Titre français du second ${lang}`;

      await a.getByLabel(s.titleEn).fill(theirs);
      await a.getByRole('button', { name: s.saveInitiative }).click();
      await expect(a).toHaveURL(new RegExp(`/${lang}/initiatives/${id}$`));

      await b.getByLabel(s.titleFr).fill(mine);
      await b.getByRole('button', { name: s.saveInitiative }).click();

      await expect(b.getByRole('alert')).toContainText(s.conflict);
      const changes = b.getByTestId('conflict-changes');
      await expect(changes.getByRole('row', { name: /title_en/ })).toContainText(theirs);
      await expect(b.getByLabel(s.titleFr)).toHaveValue(mine);

      // Saving again, knowingly, keeps both changes' latest values.
      await b.getByLabel(s.titleEn).fill(theirs);
      await b.getByRole('button', { name: s.saveInitiative }).click();
      await expect(b).toHaveURL(new RegExp(`/${lang}/initiatives/${id}$`));
      await expect(b.getByRole('heading', { level: 1 })).toContainText(lang === 'fr' ? mine : theirs);

      expect(errors, 'console errors').toEqual([]);
      await first.close();
      await second.close();
    });
  });

  test.describe(`editors racing (${lang})`, () => {
    test('three editors save at once: one wins each round, the others see the conflict', async ({ browser }) => {
      const id = ids.race[lang];
      const roles = ['editor', 'administrator', 'editor'] as const;
      const contexts = await Promise.all(roles.map((role) => browser.newContext({ storageState: sessionFile(role) })));
      const errors: string[] = [];
      const pages = await Promise.all(contexts.map((context) => context.newPage()));
      for (const page of pages) {
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          const refusal = 'Failed to load resource: the server responded with a status of 409';
          if (message.type() === 'error' && !message.text().startsWith(refusal)) errors.push(message.text());
        });
      }
      for (const page of pages) {
        await page.goto(`/${lang}/initiatives/${id}/edit`);
        await hydrated(page);
      }
      const titles = pages.map((_, n) => `Race ${lang}, editor ${n}`);
      for (const [n, page] of pages.entries()) await page.getByLabel(s.titleEn).fill(titles[n]);

      const saved = new RegExp(`/${lang}/initiatives/${id}$`);
      /**
       * Saves every page at once; the index of the one that got through. Each
       * page's outcome is its own answer (a 409 is a refusal), not what the
       * page shows: a loser of the previous round still shows its alert until
       * the new answer replaces it.
       */
      const round = async (racers: number[]) => {
        const answers = racers.map((n) =>
          pages[n].waitForResponse(
            (r) => r.url().includes('/fn/save_initiative') && r.request().method() === 'POST',
          ),
        );
        await Promise.all(racers.map((n) => pages[n].getByRole('button', { name: s.saveInitiative }).click()));
        const statuses = await Promise.all(answers.map(async (answer) => (await answer).status()));
        for (const status of statuses)
          expect(status === 409 || (status >= 200 && status < 400), `a save answered ${status}`).toBe(true);
        const winners = racers.filter((_, i) => statuses[i] !== 409);
        expect(winners, 'one editor gets through each round').toHaveLength(1);
        // Each page shows its outcome: the winner its initiative, the others the conflict.
        for (const n of racers) {
          if (n === winners[0]) await expect(pages[n]).toHaveURL(saved);
          else await expect(pages[n].getByRole('alert').filter({ hasText: s.conflict })).toBeVisible();
        }
        return winners[0];
      };

      const first = await round([0, 1, 2]);
      // The two refused keep what they typed and save again, knowingly, at once.
      const losers = [0, 1, 2].filter((n) => n !== first);
      for (const n of losers) await expect(pages[n].getByLabel(s.titleEn)).toHaveValue(titles[n]);
      const second = await round(losers);
      const last = losers.find((n) => n !== second)!;
      await expect(pages[last].getByLabel(s.titleEn)).toHaveValue(titles[last]);

      // The initiative shows the second round's winner; its history holds
      // the two accepted saves and nothing of the refused ones.
      await pages[second].goto(`/${lang}/initiatives/${id}`);
      if (lang === 'en') await expect(pages[second].getByRole('heading', { level: 1 })).toContainText(titles[second]);
      await pages[second].goto(`/${lang}/audit?entity=initiative&entity_id=${id}`);
      const audit = pages[second].getByTestId('audit-table');
      await expect(audit.getByRole('row').filter({ hasText: `update · initiative ${id}` })).toHaveCount(2);
      const recorded = (await audit.textContent()) ?? '';
      expect(recorded).toContain(titles[first]);
      expect(recorded).toContain(titles[second]);
      expect(recorded).not.toContain(titles[last]);

      expect(errors, 'console errors').toEqual([]);
      for (const context of contexts) await context.close();
    });
  });

  test.describe(`CSV import (${lang})`, () => {
    test.use({ storageState: sessionFile('editor') });

    test('a dry run lists the bad lines; a good file imports and shows in the audit trail', async ({ page }) => {
      const code = ids.importCode[lang];
      const marker = `import-${lang}-${Date.now()}`;
      await page.goto(`/${lang}/import`);
      const bad = [HEADER, csvRow(code, 'in_progress', '40', marker), csvRow(code, 'finished', '101', marker)].join('\n');
      await page.getByLabel(s.file).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByRole('button', { name: s.check }).click();

      const errors = page.getByTestId('import-errors');
      await expect(errors.getByRole('row', { name: /status/ })).toContainText('3');
      await expect(errors.getByRole('row', { name: /status/ })).toContainText(s.unknownStatus);
      await expect(errors.getByRole('row', { name: /percent_complete/ })).toContainText(s.outOfRange);
      await expect(page.getByRole('button', { name: s.importNow })).toHaveCount(0);

      await page.goto(`/${lang}/import`);
      const good = [HEADER, csvRow(code, 'in_progress', '40', marker)].join('\r\n') + '\r\n';
      await page.getByLabel(s.file).setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByRole('button', { name: s.check }).click();
      await page.getByRole('button', { name: s.importNow }).click();

      await expect(page.getByTestId('import-summary')).toContainText(s.imported);
      await page.getByRole('link', { name: s.seeAudit }).click();
      const audit = page.getByTestId('audit-table');
      await expect(audit.getByRole('row').filter({ hasText: marker }).first()).toContainText(account('editor').email);
    });
  });
}
