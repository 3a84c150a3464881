import { Module } from '@nestjs/common';
import { OutboxModule } from '@kap/api/webhooks';
import { PatientAccess } from './access/patient-access';
import { CareTeamController } from './care-team/care-team-controller';
import { CareTeamService } from './care-team/care-team-service';
import { CoursesController } from './courses/courses-controller';
import { CoursesService } from './courses/courses-service';
import { MedicalStatusController } from './medical-status/medical-status-controller';
import { MedicalStatusService } from './medical-status/medical-status-service';
import { PatientsController } from './patients/patients-controller';
import { PatientsService } from './patients/patients-service';

/**
 * Patients, their care team and release of information, courses and the medical team's status.
 * One module because a Patient answer carries all four; PatientAccess is exported for the areas
 * that come later (sessions, notes, outcomes) so that every patient route asks the same question.
 */
@Module({
  imports: [OutboxModule],
  controllers: [PatientsController, CareTeamController, MedicalStatusController, CoursesController],
  providers: [PatientAccess, PatientsService, CareTeamService, MedicalStatusService, CoursesService],
  exports: [PatientAccess],
})
export class PatientsModule {}
