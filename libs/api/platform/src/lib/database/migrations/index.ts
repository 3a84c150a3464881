import { Foundation1764100000000 } from './1764100000000-Foundation';
import { PatientsCareTeamCourses1764200000000 } from './1764200000000-PatientsCareTeamCourses';
import { OutcomesAlerts1764300000000 } from './1764300000000-OutcomesAlerts';
import { SessionsNotes1764400000000 } from './1764400000000-SessionsNotes';
import { SharingDisclosures1764500000000 } from './1764500000000-SharingDisclosures';
import { MultiFactorSignIn1764600000000 } from './1764600000000-MultiFactorSignIn';
import { AuditListing1764650000000 } from './1764650000000-AuditListing';
import { MachineAccessWebhooks1764700000000 } from './1764700000000-MachineAccessWebhooks';
import { AuditChainStripes1764750000000 } from './1764750000000-AuditChainStripes';
import { AuditInsertCost1764800000000 } from './1764800000000-AuditInsertCost';
import { AlertLifecycle1764910000000 } from './1764910000000-AlertLifecycle';
import { PegAndCssrsVersion21764920000000 } from './1764920000000-PegAndCssrsVersion2';
import { OrganizationTimeZone1764930000000 } from './1764930000000-OrganizationTimeZone';
import { PatientSelfReport1764940000000 } from './1764940000000-PatientSelfReport';
import { WebhookDeliveryCancelled1764960000000 } from './1764960000000-WebhookDeliveryCancelled';
import { PasswordReset1764970000000 } from './1764970000000-PasswordReset';
import { KeyedAuditChain1764980000000 } from './1764980000000-KeyedAuditChain';
import { MedicalTeamReads1764990000000 } from './1764990000000-MedicalTeamReads';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS = [
  Foundation1764100000000,
  PatientsCareTeamCourses1764200000000,
  OutcomesAlerts1764300000000,
  SessionsNotes1764400000000,
  SharingDisclosures1764500000000,
  MultiFactorSignIn1764600000000,
  AuditListing1764650000000,
  MachineAccessWebhooks1764700000000,
  AuditChainStripes1764750000000,
  AuditInsertCost1764800000000,
  AlertLifecycle1764910000000,
  PegAndCssrsVersion21764920000000,
  OrganizationTimeZone1764930000000,
  PatientSelfReport1764940000000,
  WebhookDeliveryCancelled1764960000000,
  PasswordReset1764970000000,
  KeyedAuditChain1764980000000,
  MedicalTeamReads1764990000000,
];
