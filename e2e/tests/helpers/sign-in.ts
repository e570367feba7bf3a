/**
 * Signing in as the demo data's people (staff@demo.test, client@demo.test, admin@demo.test, all with
 * one password), for journeys that are not about signing in: through the API, or, where the journey
 * starts at the sign-in page, through its form.
 */
import { type APIRequest, type APIRequestContext, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'coppertone-demo';

/** Signs `request` in as `email` through the API; `page.request` shares its page's cookies. */
export async function signInApi(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post('/api/identity/login', { data: { email, password: DEMO_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
}

/** A request context of its own (not a page's cookies) signed in as `email`; dispose it when done. */
export async function apiContextSignedIn(
  playwright: { request: APIRequest },
  baseURL: string | undefined,
  email: string,
): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  await signInApi(context, email);
  return context;
}

/** Signs in as the demo staff member on the sign-in page, which takes them to /staff. */
export async function signInAsStaff(page: Page): Promise<void> {
  await page.goto('/auth/login');
  await page.getByLabel('E-mail').fill('staff@demo.test');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/staff');
}

/** An address no run has used before: `label-<time>-<random>@example.test`. */
export const uniqueEmail = (label: string): string =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
