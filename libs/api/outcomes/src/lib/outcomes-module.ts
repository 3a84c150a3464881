import { Module } from '@nestjs/common';
import { PatientsModule } from '@kap/api/patients';
import { OutboxModule } from '@kap/api/webhooks';
import { AlertEscalationJob } from './alerts/alert-escalation-job';
import { AlertsController } from './alerts/alerts-controller';
import { AlertsService } from './alerts/alerts-service';
import { InstrumentsController } from './instruments/instruments-controller';
import { OutcomesController } from './outcomes/outcomes-controller';
import { OutcomesService } from './outcomes/outcomes-service';

/**
 * Outcome measures and the alerts module. AlertsService is exported: sessions and rules raise
 * their alerts through it, in their own transactions. AlertEscalationJob emits `alert.escalated`.
 */
@Module({
  imports: [PatientsModule, OutboxModule],
  controllers: [InstrumentsController, OutcomesController, AlertsController],
  providers: [OutcomesService, AlertsService, AlertEscalationJob],
  exports: [AlertsService, AlertEscalationJob],
})
export class OutcomesModule {}
