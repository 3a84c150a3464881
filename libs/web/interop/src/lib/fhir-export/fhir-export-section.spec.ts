import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { of } from 'rxjs';
import { FhirExportSection, fhirFileName } from './fhir-export-section';

describe('FhirExportSection', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<FhirExportSection>>;
  let clicked: { name: string; href: string }[];

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id: 'p-1' })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FhirExportSection);
    page = fixture.nativeElement as HTMLElement;
    clicked = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ name: this.download, href: this.href });
    });
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:fhir-1');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    await settle();
  });

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  const button = () => page.querySelector('button') as HTMLButtonElement;

  it('says before the click that the export is a disclosure and never carries notes', () => {
    expect(page.querySelector('h2')?.textContent).toBe('Export the record');
    expect(page.textContent).toContain('Notes and psychotherapy notes are never included');
    expect(page.textContent).toContain('recorded in the disclosures');
    expect(button().textContent?.trim()).toBe('Export FHIR');
  });

  it('downloads the bundle under a name without the patient’s name, and says so', async () => {
    button().click();
    await settle();
    expect(button().disabled).toBe(true);
    const request = http.expectOne('/api/patients/p-1/fhir');
    expect(request.request.method).toBe('GET');
    request.flush({ resourceType: 'Bundle', type: 'collection', entry: [] });
    await settle();
    expect(clicked).toEqual([{ name: 'kap-care-patient-p-1.fhir.json', href: 'blob:fhir-1' }]);
    const file = vi.mocked(URL.createObjectURL).mock.calls[0][0] as Blob;
    expect(file.type).toBe('application/fhir+json');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(file);
    });
    expect(JSON.parse(text)).toEqual({ resourceType: 'Bundle', type: 'collection', entry: [] });
    expect(page.querySelector('[role="status"]')?.textContent).toContain(
      'Downloaded kap-care-patient-p-1.fhir.json',
    );
    expect(button().disabled).toBe(false);
  });

  it('shows the API’s refusal and downloads nothing', async () => {
    button().click();
    await settle();
    http
      .expectOne('/api/patients/p-1/fhir')
      .flush(
        { error: 'forbidden', message: 'You are not allowed to do this.', requestId: 'r-1' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect(clicked).toEqual([]);
    expect(page.querySelector('kap-error-banner')?.textContent).toContain('You are not allowed to do this.');
  });

  it('names files by id only', () => {
    expect(fhirFileName('3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11')).toBe(
      'kap-care-patient-3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11.fhir.json',
    );
  });
});
