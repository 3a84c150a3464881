import { Directive, ElementRef, forwardRef, inject } from '@angular/core';
import { NG_VALIDATORS, type ValidationErrors, type Validator } from '@angular/forms';

/**
 * The words under a date field whose typed date the browser could not read (also one typed only
 * in part, which the browser cannot tell apart). Short enough for one line under a narrow field.
 */
export const DATE_DOES_NOT_EXIST = 'This date does not exist.';

/**
 * A date (or date-and-time) field holding a date the browser cannot read: a day that does not
 * exist ("02/30/2031") or one typed only in part. The browser then gives the form an empty value,
 * as if nothing had been typed, so a required field would say "Enter the date" and an optional one
 * would quietly be saved empty. This puts `dateDoesNotExist` on the field instead.
 *
 * The browser fires no `input` event when a field goes from empty to unreadable, so the check
 * runs again on each key and when the field is left. For `type="date"` and `type="datetime-local"`
 * fields of a form: `<input matInput type="date" kapTypedDate formControlName="…" />`.
 */
@Directive({
  selector: 'input[kapTypedDate]',
  providers: [{ provide: NG_VALIDATORS, useExisting: forwardRef(() => TypedDateCheck), multi: true }],
  host: { '(keyup)': 'recheck()', '(blur)': 'recheck()' },
})
export class TypedDateCheck implements Validator {
  private readonly input = inject<ElementRef<HTMLInputElement>>(ElementRef).nativeElement;
  private checkAgain: () => void = () => undefined;
  private unreadable = false;

  validate(): ValidationErrors | null {
    this.unreadable = this.input.validity?.badInput === true;
    return this.unreadable ? { dateDoesNotExist: true } : null;
  }

  registerOnValidatorChange(checkAgain: () => void): void {
    this.checkAgain = checkAgain;
  }

  protected recheck(): void {
    if ((this.input.validity?.badInput === true) !== this.unreadable) this.checkAgain();
  }
}
