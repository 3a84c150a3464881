import { Component, signal, viewChild } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ErrorBanner } from './error-banner';

@Component({
  imports: [ErrorBanner],
  template: `<kap-error-banner [message]="message()" />`,
})
class Host {
  readonly message = signal<string | null>(null);
  readonly banner = viewChild.required(ErrorBanner);
}

describe('ErrorBanner', () => {
  it('keeps an empty alert region in the page and fills it when there is a message', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const region = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(region).not.toBeNull();
    expect(region?.textContent?.trim()).toBe('');

    fixture.componentInstance.message.set('Cannot reach the server.');
    await fixture.whenStable();
    expect(region?.textContent?.trim()).toBe('Cannot reach the server.');

    fixture.componentInstance.banner().focus();
    expect(document.activeElement).toBe(region);
  });
});
