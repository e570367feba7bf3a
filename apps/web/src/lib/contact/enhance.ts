/**
 * Progressive enhancement of the contact form (the page itself is static HTML, see
 * ContactForm.svelte): validate in the browser with per-field messages, send JSON with fetch,
 * go to the thanks page on success, and show the server's errors beside the fields otherwise.
 */
import { CONTACT_ENDPOINT, CONTACT_THANKS_PATH } from '@coppertone/contracts';
import {
  CONTACT_FIELDS,
  type Control,
  controlError,
  type FieldErrors,
  isContactControl,
  NETWORK_PROBLEM,
  payloadFrom,
  problemFrom,
  type SubmitProblem,
} from './form.ts';

function showFieldError(control: Control, message: string): void {
  const error = document.getElementById(`${control.id}-error`);
  const text = error?.querySelector('span');
  if (!error || !text) return;
  text.textContent = message;
  error.hidden = message === '';

  const described = new Set(control.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean));
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    described.add(error.id);
  } else {
    control.removeAttribute('aria-invalid');
    described.delete(error.id);
  }
  if (described.size > 0) control.setAttribute('aria-describedby', [...described].join(' '));
  else control.removeAttribute('aria-describedby');
}

function enhance(form: HTMLFormElement): void {
  // From here on we check the fields ourselves and show messages in the page.
  form.noValidate = true;
  const alert = form.querySelector<HTMLElement>('.alert');
  const alertMessage = alert?.querySelector('.alert-message');
  const reference = alert?.querySelector<HTMLElement>('.reference');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const idleLabel = button?.textContent ?? '';
  let sending = false;

  const controls = (): Control[] =>
    CONTACT_FIELDS.map((name) => form.elements.namedItem(name)).filter(isContactControl);

  function showProblem(problem: SubmitProblem | null): void {
    if (!alert || !alertMessage || !reference) return;
    alert.hidden = problem === null;
    // Errors without a field to focus would otherwise be easy to miss below the fold.
    if (problem && Object.keys(problem.fields).length === 0) alert.scrollIntoView({ block: 'nearest' });
    // Emptied first, so the live region announces a message even when it repeats.
    alertMessage.textContent = '';
    reference.hidden = !problem?.reference;
    if (!problem) return;
    requestAnimationFrame(() => {
      alertMessage.textContent = problem.message;
      const code = reference.querySelector('code');
      if (code) code.textContent = problem.reference ?? '';
    });
  }

  function showFieldErrors(errors: FieldErrors): void {
    for (const control of controls()) {
      showFieldError(control, errors[control.name as keyof FieldErrors] ?? '');
    }
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  function setSending(value: boolean): void {
    sending = value;
    if (!button) return;
    button.textContent = value ? 'Sending…' : idleLabel;
    if (value) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
  }

  // Re-check a field when it is fixed, or when it is left with something in it, so that tabbing
  // through an empty form does not shout.
  const recheck = (event: Event) => {
    const control = event.target;
    if (!isContactControl(control)) return;
    const hasError = control.getAttribute('aria-invalid') === 'true';
    if (event.type === 'input' && !hasError) return;
    if (event.type === 'focusout' && !hasError && control.value === '') return;
    showFieldError(control, controlError(control));
  };
  form.addEventListener('input', recheck);
  form.addEventListener('focusout', recheck);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    showProblem(null);

    const errors: FieldErrors = {};
    for (const control of controls()) {
      const message = controlError(control);
      if (message) errors[control.name as keyof FieldErrors] = message;
    }
    showFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;

    setSending(true);
    try {
      const response = await fetch(CONTACT_ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payloadFrom(new FormData(form))),
      });
      if (response.ok) {
        // The thanks page is a static document, so a plain navigation is all it takes.
        location.assign(CONTACT_THANKS_PATH);
        return;
      }
      const problem = await problemFrom(response);
      showProblem(problem);
      showFieldErrors(problem.fields);
    } catch {
      showProblem(NETWORK_PROBLEM);
    }
    setSending(false);
  });
}

const form = document.querySelector<HTMLFormElement>('form[data-contact-form]');
if (form) enhance(form);
