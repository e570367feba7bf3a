import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContactAction, contactPolicy } from './policy.ts';
import { type ContactHarness, setupContact } from './testing.ts';

// Every contact endpoint × every kind of caller, with the exact expected status. Bodies are valid,
// so access alone decides each cell. The contact form is public; the inbox is staff only.

type Who = 'anonymous' | 'clientA' | 'clientB' | 'staff' | 'admin';
const WHO: Who[] = ['anonymous', 'clientA', 'clientB', 'staff', 'admin'];

let h: ContactHarness;
let message: string;
let sender = 0;
beforeAll(async () => {
  h = await setupContact();
  message = await h.sendMessage({ name: 'Matrix', email: 'matrix@example.com', message: 'matrix message' });
});
afterAll(() => h.close());

type Client = Awaited<ReturnType<ContactHarness['as']>>;

const cases: Array<{
  name: string;
  /** The policy table's action the row exercises (none for the public contact form). */
  action?: ContactAction;
  call: (c: Client) => Promise<{ status: number }>;
  expect: Record<Who, number>;
}> = [
  {
    name: 'POST /messages',
    call: (c) =>
      c.request(
        'POST',
        '/messages',
        { name: 'M', email: 'm@example.com', message: 'hi' },
        {
          'x-forwarded-for': `203.0.113.${++sender}`,
        },
      ),
    expect: { anonymous: 202, clientA: 202, clientB: 202, staff: 202, admin: 202 },
  },
  {
    name: 'GET /messages',
    action: 'inbox.list',
    call: (c) => c.get('/messages'),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'GET /messages/{id}',
    action: 'inbox.read',
    call: (c) => c.get(`/messages/${message}`),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'PATCH /messages/{id}',
    action: 'inbox.update',
    call: (c) => c.patch(`/messages/${message}`, { status: 'handled' }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 200, admin: 200 },
  },
  {
    name: 'POST /messages/{id}/replies',
    action: 'inbox.reply',
    call: (c) => c.post(`/messages/${message}/replies`, { body: 'Thanks!' }),
    expect: { anonymous: 401, clientA: 403, clientB: 403, staff: 201, admin: 201 },
  },
];

describe('authorization matrix: contact endpoints × callers', () => {
  it("every action of contact's policy table is exercised by a row", () => {
    const tested = new Set(cases.map((c) => c.action));
    expect(Object.keys(contactPolicy.table).filter((a) => !tested.has(a as ContactAction))).toEqual([]);
  });

  for (const cell of cases) {
    it(cell.name, async () => {
      const got: Record<string, number> = {};
      for (const who of WHO) got[who] = (await cell.call(await h.as(who))).status;
      expect(got).toEqual(cell.expect);
    });
  }
});
