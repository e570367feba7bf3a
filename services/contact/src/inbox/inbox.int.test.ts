import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContactHarness, setupContact } from '../testing.ts';

let h: ContactHarness;
beforeAll(async () => {
  h = await setupContact();
});
afterAll(() => h.close());

const visitor = (n: string, extra: Partial<{ company: string; message: string }> = {}) => ({
  name: `Visitor ${n}`,
  email: `visitor-${n}@example.com`,
  message: `Hello from ${n}`,
  ...extra,
});

describe('staff inbox', () => {
  it('lists messages newest first with unread marked, and opening one marks it read', async () => {
    const older = await h.sendMessage(visitor('older'));
    const newer = await h.sendMessage(visitor('newer', { company: 'Newer Ltd' }));
    const staff = await h.as('staff');
    const list = await staff.get('/messages');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((m: { id: string }) => m.id);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(list.body.items[0]).toMatchObject({
      id: newer,
      name: 'Visitor newer',
      company: 'Newer Ltd',
      excerpt: 'Hello from newer',
      status: 'new',
      read: false,
    });
    const unread = list.body.unread;
    expect(unread).toBeGreaterThanOrEqual(2);

    const opened = await staff.get(`/messages/${newer}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ id: newer, message: 'Hello from newer', email: 'visitor-newer@example.com' });
    expect(opened.body.readAt).not.toBeNull();
    const again = await staff.get('/messages');
    expect(again.body.unread).toBe(unread - 1);
    expect(again.body.items.find((m: { id: string }) => m.id === newer).read).toBe(true);

    // Marked unread again, it counts again.
    expect((await staff.patch(`/messages/${newer}`, { read: false })).body.readAt).toBeNull();
    expect((await staff.get('/messages')).body.unread).toBe(unread);
  });

  it('searches name, e-mail, company and text, with wildcards taken literally', async () => {
    await h.sendMessage(visitor('searchable', { company: 'Zebra 100% Ltd', message: 'We need a quokka tracker' }));
    const staff = await h.as('staff');
    for (const q of ['quokka', 'ZEBRA', 'visitor-searchable@', '100%']) {
      const res = await staff.get(`/messages?q=${encodeURIComponent(q)}`);
      expect(
        res.body.items.map((m: { name: string }) => m.name),
        q,
      ).toEqual(['Visitor searchable']);
    }
    expect(
      (await staff.get('/messages?q=%25')).body.items.every((m: { company: string }) => m.company?.includes('%')),
    ).toBe(true);
    expect((await staff.get('/messages?view=bogus')).status).toBe(400);
  });

  it('marks a message handled or spam: it leaves the inbox view for its own', async () => {
    const handled = await h.sendMessage(visitor('handled'));
    const spam = await h.sendMessage(visitor('spam', { message: 'Buy cheap watches' }));
    const staff = await h.as('staff');
    const res = await staff.patch(`/messages/${handled}`, { status: 'handled' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'handled', statusChangedBy: 'staff' });
    await staff.patch(`/messages/${spam}`, { status: 'spam' });
    const ids = async (view: string) =>
      (await staff.get(`/messages?view=${view}&pageSize=100`)).body.items.map((m: { id: string }) => m.id);
    expect(await ids('inbox')).not.toContain(handled);
    expect(await ids('inbox')).not.toContain(spam);
    expect(await ids('handled')).toContain(handled);
    expect(await ids('spam')).toEqual([spam]);
    expect(await ids('all')).toEqual(expect.arrayContaining([handled, spam]));
  });

  it('replies by e-mail from the message: the sender gets it, answerable to the staff member, and the message is handled', async () => {
    const id = await h.sendMessage(visitor('reply', { message: 'Can you build us a shop?\nThanks' }));
    const staff = await h.as('staff');
    const res = await staff.post(`/messages/${id}/replies`, { body: 'Yes, we can. When shall we talk?' });
    expect(res.status).toBe(201);
    const mail = await h.mailTo('visitor-reply@example.com');
    expect(mail.subject).toBe('Re: your message to Coppertone');
    expect(mail.text).toContain('Yes, we can. When shall we talk?');
    expect(mail.text).toContain('> Can you build us a shop?');
    const view = (await staff.get(`/messages/${id}`)).body;
    expect(view.status).toBe('handled');
    expect(view.replies).toEqual([
      expect.objectContaining({ body: 'Yes, we can. When shall we talk?', author: 'staff' }),
    ]);
    const empty = await staff.post(`/messages/${id}/replies`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ body: 'Reply is required' });
  });

  it('records the client company and project made from a message; unknown ones are named', async () => {
    const id = await h.sendMessage(visitor('convert', { company: 'Acme A' }));
    const staff = await h.as('staff');
    const project = await h.db
      .insertInto('projects')
      .values({ company_id: h.companyA, name: 'Shop for Acme' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await staff.patch(`/messages/${id}`, {
      companyId: h.companyA,
      projectId: project.id,
      status: 'handled',
    });
    expect(res.status).toBe(200);
    expect(res.body.clientCompany).toEqual({ id: h.companyA, name: 'Acme A' });
    expect(res.body.project).toEqual({ id: project.id, name: 'Shop for Acme' });
    const unknown = await staff.patch(`/messages/${id}`, { companyId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ companyId: 'No such company' });
  });

  it('answers 404 for an unknown message id, 400 naming the id for a malformed one', async () => {
    const staff = await h.as('staff');
    expect((await staff.get('/messages/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    for (const res of [
      await staff.get('/messages/not-an-id'),
      await staff.patch('/messages/not-an-id', { status: 'spam' }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({ id: 'Message must be an id' });
    }
    // A client is refused before the id is looked at.
    expect((await (await h.as('clientA')).get('/messages/not-an-id')).status).toBe(403);
    expect((await staff.post('/messages/00000000-0000-4000-8000-000000000000/replies', { body: 'x' })).status).toBe(
      404,
    );
  });
});
