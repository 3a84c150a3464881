import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { seriousA11yViolations, signIn, watchCsp } from './support/journeys';

/** Demo ids (demo-patients.ts): Tomás has a full course, PHQ-9 scores and doses with an adverse event. */
const TOMAS = { id: '00000000-0000-4000-8000-000000001007' };

interface BundleFile {
  resourceType: string;
  type: string;
  entry: { resource: { resourceType: string; code?: { coding?: { system: string; code: string }[] } } }[];
}

test.describe('FHIR export and the audit log', () => {
  test('the therapist downloads a FHIR bundle; the practice admin finds the export in the audit log', async ({
    page,
  }) => {
    const csp = watchCsp(page);
    await signIn(page, 'therapist2@demo.test');
    await page.goto(`/patients/${TOMAS.id}`);
    const section = page.locator('kap-fhir-export-section section');
    await expect(section.getByRole('heading', { level: 2, name: 'Export the record' })).toBeVisible();
    await expect(section).toContainText('Notes and psychotherapy notes are never included');

    const download = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Export FHIR' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`kap-care-patient-${TOMAS.id}.fhir.json`);
    const bundle = JSON.parse(await readFile((await file.path()) as string, 'utf8')) as BundleFile;
    expect({ resourceType: bundle.resourceType, type: bundle.type }).toEqual({
      resourceType: 'Bundle',
      type: 'collection',
    });
    const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
    expect([...types]).toEqual(
      expect.arrayContaining([
        'Patient',
        'Encounter',
        'Observation',
        'QuestionnaireResponse',
        'AdverseEvent',
      ]),
    );
    const loinc = bundle.entry
      .flatMap((e) => e.resource.code?.coding ?? [])
      .filter((c) => c.system === 'http://loinc.org')
      .map((c) => c.code);
    expect(loinc).toContain('44261-6');
    await expect(section.getByRole('status')).toContainText(
      `Downloaded kap-care-patient-${TOMAS.id}.fhir.json`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'admin@demo.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await page.getByLabel('Person').selectOption({ label: 'Sam Okafor, LCSW' });
    await page.getByLabel('Patient').selectOption(TOMAS.id);
    await page.getByRole('button', { name: 'Show events' }).click();
    const table = page.getByRole('region', { name: 'Audit events' });
    await expect(table.getByRole('row').filter({ hasText: 'patient.fhir_export' }).first()).toBeVisible();
    const who = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(who.length).toBeGreaterThan(0);
    expect(new Set(who.map((w) => w.trim()))).toEqual(new Set(['Sam Okafor, LCSW']));
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  });
});
