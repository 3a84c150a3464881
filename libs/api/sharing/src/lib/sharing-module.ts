import { Module } from '@nestjs/common';
import { PatientsModule } from '@kap/api/patients';
import { OutboxModule } from '@kap/api/webhooks';
import { DashboardService } from './dashboard/dashboard-service';
import { DisclosuresService } from './disclosures/disclosures-service';
import { FollowUpPacketService } from './packet/follow-up-packet-service';
import { SharingController } from './sharing-controller';
import { StatusUpdatesService } from './thread/status-updates-service';

/**
 * Sharing with the medical team: the care-team thread, the accounting of disclosures, the
 * follow-up packet and the dashboard. Reads the other areas' tables; writes only its own.
 */
@Module({
  imports: [PatientsModule, OutboxModule],
  controllers: [SharingController],
  providers: [StatusUpdatesService, DisclosuresService, FollowUpPacketService, DashboardService],
  // The FHIR export (api/interop) records its disclosures with the same writer.
  exports: [DisclosuresService],
})
export class SharingModule {}
