import { test, expect, hydrated, LANGUAGES, other, text } from './fixtures';

for (const lang of LANGUAGES) {
  test.describe(`home page (${lang})`, () => {
    test('is in its language and links to its twin', async ({ page }) => {
      await page.goto(`/${lang}`);

      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[lang].home);
      await expect(page).toHaveTitle(text[lang].home);

      await page.getByRole('link', { name: text[lang].switchTo }).click();

      await expect(page).toHaveURL(new RegExp(`/${other(lang)}$`));
      await expect(page.locator('html')).toHaveAttribute('lang', other(lang));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[other(lang)].home);
    });

    test('the public pages load no script and no wasm; a signed-in form does', async ({ page }) => {
      const loaded: string[] = [];
      page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
      await page.goto(`/${lang}`);
      await page.getByRole('link', { name: /SGTI-2015/ }).first().click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('SGTI-2015');
      await page.goto(`/${lang}/data`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(loaded.filter((path) => /\.(wasm|js)$/.test(path)), 'scripts on public pages').toEqual([]);
      await expect(page.locator('script[src], link[rel="modulepreload"], link[rel="preload"]')).toHaveCount(0);

      // The sign-in page is the application: it hydrates.
      await page.goto(`/${lang}/session`);
      await hydrated(page);
      expect(loaded).toContain('/pkg/jalons.wasm');
    });

    test('every page runs under its Content-Security-Policy, with no violation', async ({ page }) => {
      // Recorded from the first script on, before the page's own.
      await page.addInitScript(() => {
        (window as unknown as { violations: string[] }).violations = [];
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { violations: string[] }).violations.push(
            `${event.violatedDirective} ${event.blockedURI}`,
          );
        });
      });
      const violations = () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

      const home = await page.goto(`/${lang}`);
      const homePolicy = home!.headers()['content-security-policy'];
      expect(homePolicy).toMatch(/script-src 'nonce-[\w+/=-]+'/);
      expect(homePolicy).toContain("frame-ancestors 'none'");
      expect(homePolicy).not.toContain('unsafe-inline');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[lang].home);
      expect(await violations()).toEqual([]);

      // The signed-in application hydrates under a nonce of its own.
      const signIn = await page.goto(`/${lang}/session`);
      const policy = signIn!.headers()['content-security-policy'];
      expect(policy).toContain("'strict-dynamic' 'wasm-unsafe-eval'");
      expect(policy).not.toEqual(homePolicy);
      expect(signIn!.headers()['cache-control']).toBe('private, no-store');
      await hydrated(page);
      expect(await violations()).toEqual([]);
    });

    test('the skip link is the first stop and moves focus to the content', async ({ page }) => {
      await page.goto(`/${lang}`);

      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: text[lang].skip });
      await expect(skip).toBeFocused();
      await page.keyboard.press('Enter');

      await expect(page).toHaveURL(new RegExp(`/${lang}#main$`));
      await expect(page.locator('main')).toBeFocused();
    });

    test('reads in full without JavaScript', async ({ browser, baseURL }) => {
      const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
      const page = await context.newPage();

      await page.goto(`/${lang}`);

      await expect(page.getByRole('heading', { level: 2, name: text[lang].tracks })).toBeVisible();
      await expect(page.locator('#tracks-list li')).toHaveCount(4);
      await context.close();
    });

    test('the site root redirects a reader of this language here', async ({ browser, baseURL }) => {
      // The browser's locale sets its Accept-Language header.
      const context = await browser.newContext({ baseURL, locale: `${lang}-CA` });
      const page = await context.newPage();

      await page.goto('/');

      await expect(page).toHaveURL(new RegExp(`/${lang}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[lang].home);
      await context.close();
    });
  });

  test.describe(`unknown page (${lang})`, () => {
    // The browser logs the 404 of the document itself as a failed load.
    test.use({ allowFailedLoads: true });

    test('answers 404 in its language, with a way home', async ({ page }) => {
      const response = await page.goto(`/${lang}/nulle-part`);

      expect(response?.status()).toBe(404);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[lang].notFound);
      await page.getByRole('link', { name: text[lang].backHome }).click();
      await expect(page).toHaveURL(new RegExp(`/${lang}$`));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text[lang].home);
    });
  });
}
