/**
 * Accounts as people use them, in a real browser against the real server: registering with
 * e-mail confirmation (the mail read from the mailbox), signing out and in, resetting a
 * forgotten password, the demo accounts landing where they belong, a staff member inviting a
 * client contact who registers from the invitation, and the guards on the signed-in areas.
 *
 * Sign-in is rate limited per address (every test here comes from the same one), so each test
 * signs in only as often as its journey needs.
 */
import { expect, type Page, test } from '@playwright/test';
import { EDGE } from './helpers/edge.ts';
import { linkFromMail } from './helpers/mailbox.ts';
import { DEMO_PASSWORD, uniqueEmail } from './helpers/sign-in.ts';

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs out from the account menu in the header. */
async function signOutFromMenu(page: Page, name: string): Promise<void> {
  await page.locator('header summary').filter({ hasText: name }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/auth/login');
  await expect(page.getByRole('status')).toContainText('You are signed out');
}

test(
  'a visitor registers, confirms by e-mail, signs out and in, and resets a forgotten password',
  EDGE,
  async ({ page, request, baseURL }) => {
    const email = uniqueEmail('ada');
    const name = 'Ada Lovelace';
    const firstPassword = 'copper kettle on the hob';
    const newPassword = 'analytical engine notes';

    // From the public site's header to the registration form.
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/auth/login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();

    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(email);

    // Before confirming, signing in is refused with an offer to send the link again.
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await signIn(page, email, firstPassword);
    await expect(page.getByRole('alert')).toContainText('confirm your e-mail address');
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();

    // The second (newest) confirmation link signs the new user in; with no company yet, they wait for access.
    await page.goto(await linkFromMail(request, baseURL, email, '/auth/confirm', 2));
    await expect(page).toHaveURL((url) => url.pathname === '/portal');
    await expect(page.getByRole('heading', { level: 1, name: 'Waiting for access' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('Coppertone will link your account to your company');

    await signOutFromMenu(page, name);
    // Signed out on the server too: the portal asks for a sign-in again.
    await page.goto('/portal');
    await expect(page).toHaveURL((url) => url.pathname === '/auth/login');

    await signIn(page, email, firstPassword);
    await expect(page).toHaveURL((url) => url.pathname === '/portal');
    await expect(page.getByRole('heading', { level: 1, name: 'Waiting for access' })).toBeVisible();

    // This time from the account page.
    await page.getByRole('navigation', { name: 'Your areas' }).getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await page.getByRole('main').getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/auth/login');

    // Forgotten password: a reset link by e-mail.
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // The sign-in page has an "E-mail" field too: wait for the new page before typing.
    await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Send me a reset link' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();

    await page.goto(await linkFromMail(request, baseURL, email, '/auth/reset'));
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/auth/login');
    await expect(page.getByRole('status')).toContainText('Your password has been changed');

    // The old password no longer works; the new one does.
    await signIn(page, email, firstPassword);
    await expect(page.getByRole('alert')).toContainText('do not match an account');
    await expect(page).toHaveURL((url) => url.pathname === '/auth/login');
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/portal');
    await expect(page.getByRole('heading', { level: 1, name: 'Waiting for access' })).toBeVisible();
  },
);

test(
  'the demo client signs in to their company portal, sees its projects, and is kept out of the staff workspace',
  EDGE,
  async ({ page }) => {
    await page.goto('/auth/login');
    await signIn(page, 'client@demo.test', DEMO_PASSWORD);
    await expect(page).toHaveURL((url) => url.pathname === '/portal');
    await expect(page.getByRole('heading', { level: 1, name: 'Demo Client Ltd' })).toBeVisible();

    // The portal shows the company's projects as the API lists them (the first six). The all-in-one
    // server started here seeds demo projects into its new database; a deployment seeded with the
    // accounts alone starts with none, and the portal says where they will appear.
    const response = await page.request.get('/api/work/projects?pageSize=6');
    expect(response.status()).toBe(200);
    const projects = ((await response.json()) as { items: Array<{ name: string }> }).items.map((p) => p.name);
    if (!process.env.E2E_BASE_URL) expect(projects.length, 'the demo projects').toBeGreaterThan(0);
    if (projects.length) {
      const list = page.getByRole('region', { name: 'Your projects', exact: true });
      await expect(list.getByRole('heading', { level: 3 })).toHaveText(projects);
    } else {
      await expect(page.getByRole('heading', { name: 'Your projects will appear here' })).toBeVisible();
    }

    await page.goto('/staff');
    await expect(page).toHaveURL((url) => url.pathname === '/portal');
  },
);

test('a staff member invites a client contact, who registers from the invitation into their company', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const invitee = uniqueEmail('grace');

  await page.goto('/auth/login');
  await signIn(page, 'staff@demo.test', DEMO_PASSWORD);
  await expect(page).toHaveURL((url) => url.pathname === '/staff');
  await expect(page.getByRole('heading', { level: 2, name: 'Invite someone' })).toBeVisible();

  await page.getByLabel('Their e-mail').fill(invitee);
  await page.getByLabel('Company').selectOption({ label: 'Demo Client Ltd' });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status')).toContainText(`Invitation sent to ${invitee}`);

  const link = await linkFromMail(request, baseURL, invitee, '/auth/register');

  // The invitee, in a browser of their own.
  const context = await browser.newContext();
  try {
    const guest = await context.newPage();
    await guest.goto(link);
    await expect(guest.getByRole('heading', { level: 1, name: 'Accept your invitation' })).toBeVisible();
    await expect(guest.getByRole('main')).toContainText('Demo Client Ltd');
    const email = guest.getByLabel('E-mail');
    await expect(email).toHaveValue(invitee);
    await expect(email).toHaveAttribute('readonly', '');

    await guest.getByLabel('Your name').fill('Grace Hopper');
    await guest.getByLabel('Password', { exact: true }).fill('compilers all the way down');
    await guest.getByRole('button', { name: 'Create account' }).click();
    await expect(guest).toHaveURL((url) => url.pathname === '/portal');
    await expect(guest.getByRole('heading', { level: 1, name: 'Demo Client Ltd' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test(
  'signed out, the portal, staff and account pages send you to sign in first, and back afterwards',
  EDGE,
  async ({ page }) => {
    for (const area of ['/portal', '/staff', '/account']) {
      await page.goto(area);
      await expect(page).toHaveURL((url) => url.pathname === '/auth/login' && url.searchParams.get('next') === area);
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    }
    await signIn(page, 'client@demo.test', DEMO_PASSWORD);
    await expect(page).toHaveURL((url) => url.pathname === '/account');
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  },
);

test(
  'a ?next= that resolves to another site is not followed: signing in, or arriving signed in, stays on our origin',
  EDGE,
  async ({ page, baseURL }) => {
    // Issue 12: /auth/login?next=/.//evil.example/phish signed people in to http://evil.example/phish.
    const elsewhere: string[] = [];
    await page.route(
      (url) => url.hostname === 'evil.example',
      (route) => {
        elsewhere.push(route.request().url());
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Phished</h1>' });
      },
    );
    const ours = new URL(baseURL as string).origin;
    const [first, ...rest] = [
      '/.//evil.example/phish',
      '/..//evil.example/phish',
      '/%2e%2e//evil.example/phish',
      '/%2F%2Fevil.example/phish',
      '/\\evil.example/phish',
      'https://evil.example/phish',
    ];
    // Signing in (one sign-in only: the limits count per address)…
    await page.goto(`/auth/login?next=${encodeURIComponent(first as string)}`);
    await signIn(page, 'client@demo.test', DEMO_PASSWORD);
    await expect(page).toHaveURL((url) => url.origin === ours && url.pathname === '/portal');
    // …and arriving at the sign-in page already signed in, which sends you straight on.
    for (const next of [first as string, ...rest]) {
      await page.goto(`/auth/login?next=${encodeURIComponent(next)}`);
      await expect(page, next).toHaveURL((url) => url.origin === ours && url.pathname === '/portal');
    }
    expect(elsewhere).toEqual([]);
  },
);

test(
  'no address on the site redirects to another origin (the trailing-slash redirect of the web server included)',
  EDGE,
  async ({ request, baseURL }) => {
    const ours = new URL(baseURL as string).origin;
    for (const path of [
      '//evil.example/',
      '/%5Cevil.example/',
      '/%5C%5Cevil.example/',
      '/%2F%2Fevil.example/',
      '/.%2F%2Fevil.example/',
      '/%2e%2e//evil.example/',
      '/%0D%0ALocation:%20https://evil.example/x/',
    ]) {
      const res = await request.get(`${ours}${path}`, { maxRedirects: 0 });
      const location = res.headers().location;
      if (location) expect(new URL(location, `${ours}${path}`).origin, path).toBe(ours);
      expect(res.status(), path).toBeLessThan(500);
    }
  },
);

test('a weak password is reported beside the field, which gets the focus, and nothing is sent', async ({ page }) => {
  await page.goto('/auth/register');
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') posts += 1;
  });
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('E-mail').fill(uniqueEmail('weak'));
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('password123');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/most common/);
  expect(posts).toBe(0);

  // Fixing it clears the message.
  await password.fill('a far less common passphrase');
  await expect(password).not.toHaveAttribute('aria-invalid', 'true');
});
