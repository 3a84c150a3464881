import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { TypedDateCheck } from './typed-date-check';

@Component({
  imports: [ReactiveFormsModule, TypedDateCheck],
  template: `<input type="date" kapTypedDate [formControl]="date" /><input
      type="datetime-local"
      kapTypedDate
      [formControl]="moment"
    />`,
})
class Host {
  readonly date = new FormControl('', { nonNullable: true });
  readonly moment = new FormControl('', { nonNullable: true, validators: [Validators.required] });
}

/** What Chromium reports for "02/30/2031": an empty value and `badInput`, and no `input` event. */
function typeUnreadableDate(input: HTMLInputElement, unreadable: () => boolean): void {
  Object.defineProperty(input, 'validity', { configurable: true, get: () => ({ badInput: unreadable() }) });
  input.dispatchEvent(new KeyboardEvent('keyup'));
}

describe('TypedDateCheck', () => {
  it('says an optional date field holds a date that does not exist, instead of passing as empty', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const input = (fixture.nativeElement as HTMLElement).querySelector(
      'input[type="date"]',
    ) as HTMLInputElement;
    let unreadable = true;
    typeUnreadableDate(input, () => unreadable);
    expect(fixture.componentInstance.date.errors).toEqual({ dateDoesNotExist: true });

    // Corrected to a real date: the browser gives a value and the field is valid again.
    unreadable = false;
    input.value = '2031-02-28';
    input.dispatchEvent(new Event('input'));
    expect(fixture.componentInstance.date.valid).toBe(true);
    expect(fixture.componentInstance.date.value).toBe('2031-02-28');
  });

  it('checks date-and-time fields too, and again when the field is left', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const input = (fixture.nativeElement as HTMLElement).querySelector(
      'input[type="datetime-local"]',
    ) as HTMLInputElement;
    let unreadable = false;
    Object.defineProperty(input, 'validity', { configurable: true, get: () => ({ badInput: unreadable }) });
    expect(fixture.componentInstance.moment.hasError('dateDoesNotExist')).toBe(false);
    unreadable = true;
    input.dispatchEvent(new Event('blur'));
    expect(fixture.componentInstance.moment.hasError('dateDoesNotExist')).toBe(true);
    // Still empty as far as the form knows, so `required` stands too; the field's message picks.
    expect(fixture.componentInstance.moment.hasError('required')).toBe(true);
  });
});
