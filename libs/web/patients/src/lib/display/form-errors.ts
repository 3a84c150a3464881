import type { AbstractControl, FormGroup } from '@angular/forms';
import { fieldProblems } from '@kap/web/core';

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Puts the API's `validation_failed` details under the fields they name. `fields` maps the
 * API's JSON path (`releaseOfInformation.expiresOn`) to the form's control name when they differ.
 * Returns the problems no field on the form shows, for the form's banner.
 */
export function placeFieldProblems(
  form: FormGroup,
  error: unknown,
  fields: Readonly<Record<string, string>> = {},
): string[] {
  const unplaced: string[] = [];
  for (const { field, problem } of fieldProblems(error)) {
    const name = fields[field] ?? field;
    const control: AbstractControl | null = form.get(name);
    if (control) {
      control.setErrors({ server: sentence(problem) });
      control.markAsTouched();
    } else {
      unplaced.push(`${sentence(field)}: ${problem}.`);
    }
  }
  return unplaced;
}

/**
 * Focuses the first invalid field in the order the form shows them. Chosen from the form model,
 * not from `.ng-invalid` classes, which are only updated at the next render.
 */
export function focusFirstInvalid(host: HTMLElement, form: FormGroup, order: readonly string[]): boolean {
  const name = order.find((field) => form.get(field)?.invalid);
  if (!name) return false;
  const target =
    host.querySelector<HTMLElement>(`[formcontrolname="${name}"]:not(fieldset)`) ??
    host.querySelector<HTMLElement>(`fieldset[data-group="${name}"] input`);
  target?.focus();
  return !!target;
}

/** The message under a field: the server's words first, then the form's own checks. */
export function controlError(
  control: AbstractControl | null,
  messages: Readonly<Record<string, string>>,
): string {
  if (!control) return '';
  const server = control.getError('server') as string | undefined;
  if (server) return server;
  for (const [code, message] of Object.entries(messages)) if (control.hasError(code)) return message;
  return '';
}
