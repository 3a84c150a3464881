import { signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { CreateMedicalStatusRequest } from '@kap/shared/contracts';
import { clinicCalendar, setClinicTimeZone } from '@kap/web/core/calendar';
import { PatientStore } from '../data-access/patient-store';
import { MedicalStatusForm } from './medical-status-form';

describe('MedicalStatusForm', () => {
  let fixture: ComponentFixture<MedicalStatusForm>;
  let sent: CreateMedicalStatusRequest[];

  async function open(): Promise<HTMLElement> {
    sent = [];
    const store = {
      patient: signal(null),
      recordStatus: async (body: CreateMedicalStatusRequest) => {
        sent.push(body);
        return body;
      },
    };
    TestBed.configureTestingModule({ providers: [{ provide: PatientStore, useValue: store }] });
    fixture = TestBed.createComponent(MedicalStatusForm);
    fixture.componentRef.setInput('mode', 'medical_team');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  async function type(host: HTMLElement, selector: string, value: string): Promise<void> {
    const field = host.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
    if (!field) throw new Error(`no field ${selector}`);
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function record(host: HTMLElement): Promise<void> {
    Array.from(host.querySelectorAll('button'))
      .find((button) => button.textContent?.trim() === 'Record status')
      ?.click();
    await fixture.whenStable();
  }

  const asOfLabel = (host: HTMLElement) =>
    host
      .querySelector('input[formcontrolname="asOf"]')
      ?.closest('mat-form-field')
      ?.querySelector('mat-label')
      ?.textContent?.trim();
  /** What a screen reader reads after the field's name: the texts its aria-describedby points to. */
  const asOfDescription = (host: HTMLElement) =>
    (host.querySelector('input[formcontrolname="asOf"]')?.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => host.querySelector(`[id="${id}"]`)?.textContent ?? '')
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();

  it('takes "As of" on the clinic’s clock, and names the zone when the browser is elsewhere', async () => {
    // The test setup's clinic is in UTC, the zone the tests run in; this medical team is in Denver.
    const zone =
      new Intl.DateTimeFormat().resolvedOptions().timeZone === 'America/Denver'
        ? 'Asia/Tokyo'
        : 'America/Denver';
    setClinicTimeZone(zone);
    const host = await open();
    expect(asOfLabel(host)).toBe('As of');
    expect(asOfDescription(host)).toBe(`When this was true. Clinic time, ${zone.replace('_', ' ')}.`);
    // The default is now on the clinic's clock: read back in the clinic's zone, it is now.
    const asOf = host.querySelector<HTMLInputElement>('input[formcontrolname="asOf"]');
    expect(Math.abs(clinicCalendar.instantOfInput(asOf?.value ?? '') - Date.now())).toBeLessThan(120_000);

    await type(host, 'input[formcontrolname="asOf"]', '2026-11-20T09:00');
    await type(host, 'textarea[formcontrolname="note"]', 'Intake done.');
    await record(host);
    expect(sent).toEqual([
      {
        asOf: zone === 'Asia/Tokyo' ? '2026-11-20T00:00:00.000Z' : '2026-11-20T16:00:00.000Z',
        note: 'Intake done.',
      },
    ]);
  });

  it('names no zone when the browser is in the clinic’s zone', async () => {
    setClinicTimeZone(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    const host = await open();
    expect(asOfLabel(host)).toBe('As of');
    expect(asOfDescription(host)).toBe('When this was true.');
  });

  it('refuses a date that does not exist, and sends nothing', async () => {
    setClinicTimeZone('Europe/London');
    const host = await open();
    await type(host, 'input[formcontrolname="asOf"]', '2026-02-30T09:00');
    await type(host, 'textarea[formcontrolname="note"]', 'Intake done.');
    await record(host);
    expect(sent).toEqual([]);
  });
});
