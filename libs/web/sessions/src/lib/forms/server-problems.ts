import { effect, signal } from '@angular/core';
import { FormArray, FormGroup, type AbstractControl } from '@angular/forms';
import { sentence } from '../display/session-labels';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** What the page says and where it moves focus after problems were placed on its form. */
export interface PlacedProblems {
  message: string;
  /** The path of the first marked control, or null when none could be marked. */
  first: string | null;
}

const SEE_MARKED = 'Some fields need attention; see the marked fields.';

/**
 * Puts each problem under the control it names (as the `server` error that `mat-error` shows);
 * the ones no control can show are said in the message instead, so none is lost.
 */
export function placeProblems(
  form: FormGroup,
  problems: FieldProblem[],
  pathOf: (field: string) => string | null,
  fallback: string,
  unplacedText: (problem: FieldProblem) => string = ({ field, problem }) => `${sentence(field)} ${problem}.`,
): PlacedProblems {
  const unplaced: string[] = [];
  let first: string | null = null;
  for (const item of problems) {
    const path = pathOf(item.field);
    const control = path ? form.get(path) : null;
    if (path && control) {
      control.setErrors({ server: sentence(item.problem) + '.' });
      control.markAsTouched();
      first ??= path;
    } else {
      unplaced.push(unplacedText(item));
    }
  }
  return { message: unplaced.length ? unplaced.join(' ') : first ? SEE_MARKED : fallback, first };
}

/** Clears every `server` error before a new save, so only the latest answer's problems show. */
export function clearServerProblems(group: FormGroup | FormArray): void {
  for (const control of Object.values(group.controls)) {
    if (control.hasError('server')) control.setErrors(null);
    if (control instanceof FormGroup || control instanceof FormArray) clearServerProblems(control);
  }
}

/** Whether any control of the group still shows a problem (the page's banner goes when none does). */
export function hasServerProblem(group: FormGroup | FormArray): boolean {
  return Object.values(group.controls).some(
    (control) =>
      control.hasError('server') ||
      ((control instanceof FormGroup || control instanceof FormArray) && hasServerProblem(control)),
  );
}

/**
 * The `server` message of a control in a group an OnPush child view was given. The page sets
 * problems without changing the child's inputs, so the child follows the group's own events.
 * Call it in an injection context (a field initializer).
 */
export function serverProblemOf(group: () => AbstractControl): (name: string) => string {
  const revision = signal(0);
  effect((onCleanup) => {
    const subscription = group().events.subscribe(() => revision.update((n) => n + 1));
    onCleanup(() => subscription.unsubscribe());
  });
  return (name) => {
    revision();
    return (group().get(name)?.getError('server') as string | undefined) ?? '';
  };
}
