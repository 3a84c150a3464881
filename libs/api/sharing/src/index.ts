export * from './lib/sharing-module';
export { DisclosuresService, type DisclosureEntry } from './lib/disclosures/disclosures-service';
