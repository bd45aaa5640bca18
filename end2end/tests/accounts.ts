/** The accounts the test server is started with, one per role. */
export const ACCOUNTS = [
  { role: 'viewer', email: 'viewer@e2e.example', name: 'Victor Lecteur', password: 'viewer-password-e2e' },
  { role: 'editor', email: 'editor@e2e.example', name: 'Édith Rédactrice', password: 'editor-password-e2e' },
  { role: 'administrator', email: 'admin@e2e.example', name: 'Ada Administratrice', password: 'admin-password-e2e' },
] as const;

export type Role = (typeof ACCOUNTS)[number]['role'];

export const account = (role: Role) => ACCOUNTS.find((a) => a.role === role)!;

/** Where the global setup keeps the signed-in session of `role`. */
export const sessionFile = (role: Role) => `../target/e2e/session-${role}.json`;
