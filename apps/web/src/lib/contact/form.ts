/** Browser-side helpers of the contact form: field checks, request body, and reading error replies. */
import { CONTACT_HONEYPOT, CONTACT_LIMITS, type ContactField } from '@coppertone/contracts';
import { SITE } from '#lib/site.ts';

export const CONTACT_FIELDS = Object.keys(CONTACT_LIMITS) as ContactField[];

export type FieldErrors = Partial<Record<ContactField, string>>;

/** What went wrong with a submission, ready to show: a form-level message and per-field messages. */
export interface SubmitProblem {
  message: string;
  fields: FieldErrors;
  /** The server's requestId, to quote when asking for help. */
  reference?: string;
}

const MISSING: Record<ContactField, string> = {
  name: 'Please enter your name.',
  email: 'Please enter your e-mail address, so we can reply.',
  company: 'Please enter your company name.',
  message: 'Please write a short message.',
};

export function isContactField(name: string): name is ContactField {
  return Object.hasOwn(CONTACT_LIMITS, name);
}

export type Control = HTMLInputElement | HTMLTextAreaElement;

export function isContactControl(target: unknown): target is Control {
  return (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && isContactField(target.name);
}

/** The message to show beside a control, or '' when it is fine. Mirrors the HTML constraints. */
export function controlError(control: Control): string {
  const field = control.name as ContactField;
  const value = control.value.trim();
  if (control.required && value === '') return MISSING[field];
  if (control.validity.typeMismatch) {
    return 'Please enter a valid e-mail address, such as name@example.com.';
  }
  const limit = CONTACT_LIMITS[field];
  if (control.value.length > limit) {
    return `Please keep this to ${limit.toLocaleString('en-GB')} characters or fewer.`;
  }
  return control.validity.valid ? '' : control.validationMessage;
}

/** The JSON body for the contact endpoint: the form's fields, trimmed, plus the honeypot. */
export function payloadFrom(data: FormData): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const key of [...CONTACT_FIELDS, CONTACT_HONEYPOT]) {
    const value = data.get(key);
    payload[key] = typeof value === 'string' ? value.trim() : '';
  }
  return payload;
}

const FALLBACK = `Sorry, something went wrong on our side and your message was not sent. Please try again in a moment, or e-mail us at ${SITE.email}.`;

export const NETWORK_PROBLEM: SubmitProblem = {
  message: `We could not reach our server, so your message was not sent. Please check your connection and try again, or e-mail us at ${SITE.email}.`,
  fields: {},
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns an error reply `{ error: { code, message, requestId, fields? } }` into what the form shows. */
export async function problemFrom(response: Response): Promise<SubmitProblem> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): fall back to the status code.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : '';
  const serverMessage = typeof error.message === 'string' ? error.message : '';
  // Only a failure on our side needs a reference to quote; a field to correct does not.
  const reference = response.status >= 500 && typeof error.requestId === 'string' ? error.requestId : undefined;

  const fields: FieldErrors = {};
  const otherFieldMessages: string[] = [];
  if (isRecord(error.fields)) {
    for (const [name, text] of Object.entries(error.fields)) {
      if (typeof text !== 'string') continue;
      if (isContactField(name)) fields[name] = text;
      else if (name !== CONTACT_HONEYPOT) otherFieldMessages.push(text);
    }
  }

  let message: string;
  if (code === 'validation_failed' || (!code && response.status === 400)) {
    message =
      Object.keys(fields).length > 0
        ? 'Please check the highlighted fields and try again.'
        : serverMessage || 'Please check your details and try again.';
    if (otherFieldMessages.length > 0) message += ` ${otherFieldMessages.join(' ')}`;
  } else if (code === 'rate_limited' || response.status === 429) {
    message = 'You have sent several messages in a short time. Please wait a few minutes and try again.';
  } else if (code === 'payload_too_large' || response.status === 413) {
    message = 'Your message is too long to send. Please shorten it and try again.';
  } else {
    message = response.status >= 500 || !serverMessage ? FALLBACK : serverMessage;
  }
  return { message, fields, reference };
}
