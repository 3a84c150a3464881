import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { AlertSeverity } from '@kap/shared/contracts';
import { SeverityChip } from './severity-chip';

@Component({
  imports: [SeverityChip],
  template: `<kap-severity-chip [severity]="severity()" />`,
})
class Host {
  readonly severity = signal<AlertSeverity>('urgent');
}

describe('SeverityChip', () => {
  it.each([
    ['urgent', 'Urgent'],
    ['warning', 'Warning'],
    ['info', 'Information'],
  ] as const)('shows %s as the word "%s" with its own class', async (severity, label) => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.severity.set(severity);
    await fixture.whenStable();
    const chip = (fixture.nativeElement as HTMLElement).querySelector('.chip');
    expect(chip?.textContent).toBe(label);
    expect(chip?.className).toBe(`chip chip-${severity}`);
  });

  it('follows a change of severity', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    fixture.componentInstance.severity.set('info');
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('.chip')?.className).toBe('chip chip-info');
  });
});
