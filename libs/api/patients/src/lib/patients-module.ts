import { Module } from '@nestjs/common';
import { OutboxModule } from '@kap/api/webhooks';
import { PatientAccess } from './access/patient-access';
import { PatientAccessRepository } from './access/patient-access-repository';
import { CareTeamController } from './care-team/care-team-controller';
import { CareTeamRepository } from './care-team/care-team-repository';
import { CareTeamService } from './care-team/care-team-service';
import { CoursesController } from './courses/courses-controller';
import { CoursesRepository } from './courses/courses-repository';
import { CoursesService } from './courses/courses-service';
import { MedicalStatusController } from './medical-status/medical-status-controller';
import { MedicalStatusRepository } from './medical-status/medical-status-repository';
import { MedicalStatusService } from './medical-status/medical-status-service';
import { PatientsController } from './patients/patients-controller';
import { PatientsRepository } from './patients/patients-repository';
import { PatientsService } from './patients/patients-service';

/**
 * Patients, their care team and release of information, courses and the medical team's status.
 * One module because a Patient answer carries all four; PatientAccess is exported for the areas
 * that come later (sessions, notes, outcomes) so that every patient route asks the same question.
 */
@Module({
  imports: [OutboxModule],
  controllers: [PatientsController, CareTeamController, MedicalStatusController, CoursesController],
  providers: [
    PatientAccess,
    PatientAccessRepository,
    PatientsService,
    PatientsRepository,
    CareTeamService,
    CareTeamRepository,
    MedicalStatusService,
    MedicalStatusRepository,
    CoursesService,
    CoursesRepository,
  ],
  exports: [PatientAccess],
})
export class PatientsModule {}
