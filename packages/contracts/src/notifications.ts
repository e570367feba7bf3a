/**
 * The e-mail notifications a person may turn off on their account page, by who gets them. Mail a
 * person cannot do without (sign-in links, invitations, invoices to pay) is not on the list.
 */
export const NOTIFICATIONS = {
  task_assigned: { roles: ['staff', 'admin'], label: 'Someone assigns a task to me' },
  payment_received: { roles: ['staff', 'admin'], label: 'A client pays an invoice' },
  receipt: { roles: ['client'], label: 'A receipt when my company pays an invoice' },
} as const satisfies Record<string, { roles: readonly string[]; label: string }>;

export type NotificationKind = keyof typeof NOTIFICATIONS;

export const NOTIFICATION_KINDS = Object.keys(NOTIFICATIONS) as NotificationKind[];

/** The notifications someone in `role` may get. */
export const notificationsFor = (role: string): NotificationKind[] =>
  NOTIFICATION_KINDS.filter((kind) => (NOTIFICATIONS[kind].roles as readonly string[]).includes(role));
