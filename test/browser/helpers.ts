import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Waits until the page's h1 reads `name` (exactly), and returns it. */
export async function heading(page: Page, name: string): Promise<Locator> {
  const h1 = page.getByRole('heading', { level: 1, name, exact: true });
  await h1.waitFor({ state: 'visible', timeout: 10_000 });
  return h1;
}

/** Waits for an element to show text matching `text`, then returns its full text. */
export async function textOf(locator: Locator, text: string | RegExp): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 10_000 });
  return (await locator.filter({ hasText: text }).first().textContent()) ?? '';
}

/** The accessible name of whatever has keyboard focus. */
export function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

/** Collects Content-Security-Policy violations the page reports, which the server's CSP would turn into broken features. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`uncaught: ${error.message}`));
  return violations;
}

/** Signs a browser context in with a token from the API: the same HttpOnly cookie the sign-in page gets. */
export async function signInContext(context: BrowserContext, url: string, token: string): Promise<void> {
  await context.addCookies([{ name: 'setbook_session', value: token, url, httpOnly: true, sameSite: 'Strict' }]);
}

/** Calls Setbook's API as the holder of `token` (or as nobody) and answers its JSON; an error status throws with the server's answer. */
export async function callApi<T>(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** Invites someone onto a production with one role and accepts as them: their user id and session token. */
export async function joinProduction(
  baseUrl: string,
  inviterToken: string,
  productionId: string,
  who: { name: string; email: string; password: string },
  role: string,
  pin = '4826',
): Promise<{ id: string; token: string }> {
  const { invitation } = await callApi<{ invitation: { code: string } }>(baseUrl, inviterToken, 'POST', `/api/productions/${productionId}/members`, {
    email: who.email,
    name: who.name,
    roles: [role],
  });
  const accepted = await callApi<{ user: { id: string }; token: string }>(baseUrl, null, 'POST', `/api/invitations/${invitation.code}/accept`, {
    name: who.name,
    password: who.password,
    pin,
  });
  return { id: accepted.user.id, token: accepted.token };
}
