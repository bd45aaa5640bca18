import { request, type FullConfig } from '@playwright/test';
import { account, sessionFile } from './accounts';

/**
 * Signs the viewer, the editor and the administrator in once, through the sign-in
 * server function, and keeps their cookies: the tests that need them start
 * signed in, and sign-in's rate limit is spent only by the tests about it.
 */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  for (const role of ['viewer', 'editor', 'administrator'] as const) {
    const a = account(role);
    const context = await request.newContext({ baseURL });
    const response = await context.post('/fn/sign_in', {
      headers: { Accept: 'application/json' },
      form: { locale: 'en', email: a.email, password: a.password },
    });
    if (!response.ok()) {
      throw new Error(`sign-in of ${a.email} failed: ${response.status()} ${await response.text()}`);
    }
    await context.storageState({ path: sessionFile(role) });
    await context.dispose();
  }
}
