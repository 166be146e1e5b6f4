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
