import type { FormGroup, NonNullableFormBuilder } from '@angular/forms';
import type { VitalsPhase } from '@kap/shared/contracts';
import type { VitalsRow } from '../log-session/session-form';

/** The controls of one reading, as `VitalsReadingFields` shows them. */
export function vitalsReadingGroup(fb: NonNullableFormBuilder, row: VitalsRow): FormGroup {
  return fb.group({
    phase: fb.control<VitalsPhase>(row.phase),
    at: fb.control(row.at),
    systolic: fb.control<number | null>(row.systolic),
    diastolic: fb.control<number | null>(row.diastolic),
    heartRate: fb.control<number | null>(row.heartRate),
    spo2: fb.control<number | null>(row.spo2),
  });
}
