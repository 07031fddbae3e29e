import type { Migration } from '@app/event-store';

/**
 * The dashboard's browser sessions (apps/api/src/web/session-store.ts), declared here
 * because libs never import apps. The first step is the table the session stores used
 * to create at start, IF NOT EXISTS so that a database they created takes it as there.
 */
export const WEB_SESSION_MIGRATIONS: readonly Migration[] = [
  {
    id: '20251123-04-web-sessions',
    sqlite: 'CREATE TABLE IF NOT EXISTS web_sessions (digest TEXT PRIMARY KEY, session TEXT NOT NULL, expires_at TEXT NOT NULL)',
    postgres: 'CREATE TABLE IF NOT EXISTS web_sessions (digest TEXT PRIMARY KEY, session JSONB NOT NULL, expires_at TIMESTAMPTZ NOT NULL)',
  },
];
