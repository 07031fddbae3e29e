import type { TestApp } from './test-app.js';

/** A signed-in dashboard visitor without a browser: just the session cookie. */
export interface PageSession {
  cookie?: string;
}

export interface PageAnswer {
  status: number;
  location: string | null;
  body: string;
}

/** GETs (or posts to) a page as that visitor, keeping the session cookie it is given and following nothing. */
export async function visitPage(t: TestApp, path: string, session: PageSession, init: RequestInit = {}): Promise<PageAnswer> {
  const base = t.url.replace(/\/api\/v1$/, '');
  const headers = { ...(session.cookie ? { cookie: session.cookie } : {}), ...(init.headers as Record<string, string>) };
  const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual', headers });
  for (const c of res.headers.getSetCookie()) {
    const [name, value] = c.split(';')[0].split('=');
    if (name.endsWith('audit-session')) session.cookie = value ? `${name}=${value}` : undefined;
  }
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** The session cookie of a visitor signed in with an API key through the form (for tests that send it themselves). */
export async function signedInCookie(t: TestApp, apiKey: string): Promise<string> {
  const { cookie } = await signInWithKey(t, apiKey);
  if (!cookie) throw new Error('sign-in set no session cookie');
  return cookie;
}

/** Signs in with an API key through the sign-in form, as a browser would; throws when the form refuses it. */
export async function signInWithKey(t: TestApp, apiKey: string): Promise<PageSession> {
  const session: PageSession = {};
  const page = await visitPage(t, '/sign-in', session);
  const csrfToken = /name="csrfToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const body = new URLSearchParams({ csrfToken, apiKey, next: '/dashboard/overview' }).toString();
  const answer = await visitPage(t, '/sign-in', session, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  if (answer.status !== 303) throw new Error(`sign-in answered ${answer.status}`);
  return session;
}
