import { test as base, expect, type Page } from '@playwright/test';

export const LANGUAGES = ['fr', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** The other language of the site. */
export const other = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr');

/** What each page says, per language, as the tests expect to read it. */
export const text = {
  fr: {
    home: 'Suivre les jalons de la transformation numérique',
    tracks: 'Ce que Jalons suit',
    switchTo: 'Read this page in English',
    skip: 'Aller au contenu principal',
    notFound: 'Page introuvable',
    backHome: 'Retour à l’accueil',
  },
  en: {
    home: 'Following the milestones of digital transformation',
    tracks: 'What Jalons tracks',
    switchTo: 'Lire cette page en français',
    skip: 'Skip to main content',
    notFound: 'Page not found',
    backHome: 'Back to the home page',
  },
} as const;

/** Waits until the wasm bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.body.dataset.hydrated === 'true');
}

/**
 * Every test fails if the page logs a console error or throws, unless the
 * test expects a failed load (a 404 page logs one by design).
 */
export const test = base.extend<{
  consoleErrors: string[];
  allowFailedLoads: boolean;
  refusalStatuses: number[];
}>({
  allowFailedLoads: [false, { option: true }],
  // A form refused by the server answers 401, 409, 422…, which the browser
  // logs as a failed load: tests that expect a refusal name its status.
  refusalStatuses: [[], { option: true }],
  consoleErrors: [
    async ({ page, allowFailedLoads, refusalStatuses }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const text = message.text();
        if (allowFailedLoads && text.startsWith('Failed to load resource')) return;
        if (
          refusalStatuses.some((status) =>
            text.startsWith(`Failed to load resource: the server responded with a status of ${status}`),
          )
        )
          return;
        errors.push(text);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
