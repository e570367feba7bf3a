export { type ContactDeps, createContactApp } from './app.ts';
export { contactConfigFields } from './config.ts';
export { buildContact, contactFunction } from './function.ts';
export { NOTIFY_STAFF_JOB, notifyStaffJob } from './messages/messages.jobs.ts';
export {
  type NotifierDeps,
  notifyPendingMessages,
  type StaffNotifier,
  startStaffNotifier,
} from './messages/messages.notify.ts';
