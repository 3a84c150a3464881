import { Module } from '@nestjs/common';
import { PatientsModule } from '@kap/api/patients';
import { OutboxModule } from '@kap/api/webhooks';
import { DashboardRepository } from './dashboard/dashboard-repository';
import { DashboardService } from './dashboard/dashboard-service';
import { DisclosuresRepository } from './disclosures/disclosures-repository';
import { DisclosuresService } from './disclosures/disclosures-service';
import { FollowUpPacketRepository } from './packet/follow-up-packet-repository';
import { FollowUpPacketService } from './packet/follow-up-packet-service';
import { SharingController } from './sharing-controller';
import { StatusUpdatesRepository } from './thread/status-updates-repository';
import { StatusUpdatesService } from './thread/status-updates-service';

/**
 * Sharing with the medical team: the care-team thread, the accounting of disclosures, the
 * follow-up packet and the dashboard. Reads the other areas' tables; writes only its own.
 */
@Module({
  imports: [PatientsModule, OutboxModule],
  controllers: [SharingController],
  providers: [
    StatusUpdatesService,
    StatusUpdatesRepository,
    DisclosuresService,
    DisclosuresRepository,
    FollowUpPacketService,
    FollowUpPacketRepository,
    DashboardService,
    DashboardRepository,
  ],
  // The FHIR export (api/interop) records its disclosures with the same writer.
  exports: [DisclosuresService],
})
export class SharingModule {}
