import { Module } from '@nestjs/common';
import { PatientsModule } from '@kap/api/patients';
import { OutboxModule } from '@kap/api/webhooks';
import { AlertEscalationJob } from './alerts/alert-escalation-job';
import { AlertsController } from './alerts/alerts-controller';
import { AlertsRepository } from './alerts/alerts-repository';
import { AlertsService } from './alerts/alerts-service';
import { InstrumentsController } from './instruments/instruments-controller';
import { OutcomesController } from './outcomes/outcomes-controller';
import { OutcomesRepository } from './outcomes/outcomes-repository';
import { OutcomesService } from './outcomes/outcomes-service';
import { MeasurementPlanController } from './self-report/measurement-plan-controller';
import { MeasurementPlanRepository } from './self-report/measurement-plan-repository';
import { MeasurementPlanService } from './self-report/measurement-plan-service';
import { PublicQuestionnaireController } from './self-report/public-questionnaire-controller';
import { PublicQuestionnaireService } from './self-report/public-questionnaire-service';
import { QuestionnairePlanJob } from './self-report/questionnaire-plan-job';
import { QuestionnaireRequestsController } from './self-report/questionnaire-requests-controller';
import { QuestionnaireRequestsRepository } from './self-report/questionnaire-requests-repository';
import { QuestionnaireRequestsService } from './self-report/questionnaire-requests-service';

/**
 * Outcome measures and the alerts module. AlertsService is exported: sessions and rules raise
 * their alerts through it, in their own transactions. AlertEscalationJob emits `alert.escalated`.
 * Patient self-report (`self-report/`): questionnaire links, the patient's public page, measurement
 * plans and QuestionnairePlanJob; the patient's answers are stored by OutcomesService like any score.
 */
@Module({
  imports: [PatientsModule, OutboxModule],
  controllers: [
    InstrumentsController,
    OutcomesController,
    AlertsController,
    QuestionnaireRequestsController,
    PublicQuestionnaireController,
    MeasurementPlanController,
  ],
  providers: [
    OutcomesService,
    OutcomesRepository,
    AlertsService,
    AlertsRepository,
    AlertEscalationJob,
    QuestionnaireRequestsService,
    QuestionnaireRequestsRepository,
    PublicQuestionnaireService,
    MeasurementPlanService,
    MeasurementPlanRepository,
    QuestionnairePlanJob,
  ],
  exports: [AlertsService, AlertEscalationJob, QuestionnairePlanJob],
})
export class OutcomesModule {}
