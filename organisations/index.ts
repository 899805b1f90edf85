/**
 * The front door of the NHS organisation model (CCGs, STPs, sub-ICB locations, ICBs, regions,
 * their dates and successions). Code outside organisations/ imports only this file. The build
 * script that derives the tables (organisations/build/) is run, not imported.
 */
export {
  ORGANISATION_TYPES,
  ReferenceDataError,
  SUCCESSION_KINDS,
  type FindOptions,
  type Membership,
  type Organisation,
  type OrganisationType,
  type ReferenceCsv,
  type ReferenceFileNames,
  type Resolution,
  type ResolveOptions,
  type Succession,
  type SuccessionKind,
} from "./types.ts";
export { FILE_NAMES, MEMBERSHIP_COLUMNS, ORGANISATION_COLUMNS, SUCCESSION_COLUMNS } from "./csv.ts";
export { addDays, isOpenOn } from "./dates.ts";
export { TYPE_LABELS, describeOrganisation } from "./labels.ts";
export { loadReferenceData, referenceDataFromCsv } from "./load.ts";
export { ReferenceData } from "./reference-data.ts";
export { ownerResolverFrom } from "./owner-resolver.ts";
export { ownerOnDay, type OwnerOnDay } from "./owner-on.ts";
