/**
 * The state of one form on a client-rendered page: messages beside fields, the form-level alert,
 * and whether it is being sent. Checks run in the page first; the server's answer is shown the
 * same way. Fields are told apart by their `name`.
 *
 * Fields are checked when the form is sent, not as they are left: a message appearing on blur
 * moves the submit button from under the pointer between mousedown and click, and the click is
 * lost. Once a field shows a message, it is checked again as it is edited.
 */
import { tick } from 'svelte';
import type { ApiError } from '#lib/api/client.ts';
import { isApiError } from '#lib/api/client.ts';
import { sessionEnded } from '#lib/auth/session.svelte.ts';
import { type Alert, type Problem, problemFrom } from './problem.ts';

type Checks<F extends string> = Record<F, () => string | undefined>;

export interface SubmitSteps<F extends string> {
  /** Anything to do before the checks run (such as loading the common-password list). */
  prepare?: () => Promise<unknown>;
  /** Sends the form; navigate from here on success, so the button stays busy until the page changes. */
  send: () => Promise<unknown>;
  /** Page-specific explanations of an error, tried before the general ones. */
  explain?: (error: ApiError) => Problem<F> | string | undefined;
}

export class FormState<F extends string> {
  errors = $state<Partial<Record<F, string>>>({});
  alert = $state<Alert | null>(null);
  pending = $state(false);

  readonly #checks: Checks<F>;
  readonly #signedIn: boolean;

  /**
   * @param checks one in-page check per field (return '' or undefined when fine)
   * @param options.signedIn a 401 means the session ended: sign in again and come back
   */
  constructor(checks: Checks<F>, options: { signedIn?: boolean } = {}) {
    this.#checks = checks;
    this.#signedIn = options.signedIn ?? false;
  }

  get fields(): F[] {
    return Object.keys(this.#checks) as F[];
  }

  #isField(name: string): name is F {
    return Object.hasOwn(this.#checks, name);
  }

  #recheck(field: F): void {
    const message = this.#checks[field]();
    if (message) this.errors[field] = message;
    else delete this.errors[field];
  }

  /** A field with a message is checked again as it is edited, so the message goes once it is fixed. */
  oninput = (event: Event): void => {
    const name = (event.target as HTMLInputElement | null)?.name ?? '';
    if (this.#isField(name) && this.errors[name]) this.#recheck(name);
  };

  /** Shows a problem found elsewhere (outside a submit). */
  show(problem: Problem<F>): void {
    this.errors = problem.fields;
    this.alert = problem.alert;
  }

  reset(): void {
    this.errors = {};
    this.alert = null;
  }

  /** Handles the form's submit event: checks, sends, and shows what went wrong. Returns true on success. */
  async submit(event: SubmitEvent, steps: SubmitSteps<F>): Promise<boolean> {
    event.preventDefault();
    if (this.pending) return false;
    const form = event.currentTarget as HTMLFormElement;
    this.alert = null;
    this.pending = true;
    try {
      await steps.prepare?.();
      const errors: Partial<Record<F, string>> = {};
      for (const field of this.fields) {
        const message = this.#checks[field]();
        if (message) errors[field] = message;
      }
      this.errors = errors;
      if (Object.keys(errors).length > 0) {
        this.pending = false;
        await this.#focusFirstInvalid(form);
        return false;
      }
      await steps.send();
      this.pending = false;
      return true;
    } catch (error) {
      this.pending = false;
      if (this.#signedIn && isApiError(error) && error.status === 401) {
        await sessionEnded();
        return false;
      }
      this.show(problemFrom(error, this.fields, steps.explain));
      await this.#focusFirstInvalid(form);
      return false;
    }
  }

  async #focusFirstInvalid(form: HTMLFormElement): Promise<void> {
    await tick();
    const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else form.querySelector('[data-form-alert]')?.scrollIntoView({ block: 'nearest' });
  }
}
