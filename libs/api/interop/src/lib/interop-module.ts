import { Module } from '@nestjs/common';
import { PatientsModule } from '@kap/api/patients';
import { SharingModule } from '@kap/api/sharing';
import { FhirExportController } from './fhir/fhir-export-controller';
import { FhirExportRepository } from './fhir/fhir-export-repository';
import { FhirExportService } from './fhir/fhir-export-service';

/** Interoperability: the record leaving KAP Care in a standard format. Writes only disclosures. */
@Module({
  imports: [PatientsModule, SharingModule],
  controllers: [FhirExportController],
  providers: [FhirExportService, FhirExportRepository],
})
export class InteropModule {}
