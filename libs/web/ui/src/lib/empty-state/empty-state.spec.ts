import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { PageHeading } from '../page-heading/page-heading';
import { EmptyState } from './empty-state';

@Component({
  imports: [EmptyState, PageHeading],
  template: `
    <kap-page-heading heading="Patients" lead="Your caseload." />
    <kap-empty-state title="No patients yet" message="Patients you add will be listed here.">
      <button type="button">Add patient</button>
    </kap-empty-state>
  `,
})
class Host {}

describe('PageHeading and EmptyState', () => {
  it('render one h1, the message and the projected call to action', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const page = fixture.nativeElement as HTMLElement;

    expect(page.querySelectorAll('h1')).toHaveLength(1);
    expect(page.querySelector('h1')?.textContent).toBe('Patients');
    expect(page.querySelector('h1')?.getAttribute('tabindex')).toBe('-1');
    expect(page.querySelector('h2')?.textContent).toBe('No patients yet');
    expect(page.textContent).toContain('Patients you add will be listed here.');
    expect(page.querySelector('kap-empty-state button')?.textContent).toBe('Add patient');
  });
});
