/**
 * The operations the server and the CLI share: configuration, opening the tracker, legacy
 * import, migration, owner succession, data checks and seeding. Long work runs over records
 * in batches (scan.ts); every change to a stored record is built in one place (record-writes.ts).
 */
export { configFor, describeDatabase, embeddedOnly, loadConfig, productionProblems, serviceContacts, sharedDatabaseProblems, DATABASE_FILE_NAME, DEFAULT_FORM_ROOTS, DEFAULT_REFERENCE_DIR, type Config, type OidcConfig, type ServiceContacts } from "./config.ts";
export { takeCommandLock, type CommandLock, type CommandLockResult } from "./command-lock.ts";
export { DATA_COMMAND_PAGE_CACHE_MIB, openConfiguredStore, openTracker, type OpenOptions, type Tracker } from "./open-tracker.ts";
export { forEachRecord, type ScanOptions } from "./scan.ts";
export { recordUpdate, writeFlaggingDuplicate, type RecordChange } from "./record-writes.ts";
export { uniqueConstraints, upgradeUniqueKeys } from "./unique.ts";
export { choiceFacet, learningEntry, learningSignature, quarterFacet, rebuildLearningTexts, type RebuildOptions, type TextsRebuilt } from "./learning-texts.ts";
export { ImportFileChanged, importLegacy, importKey, importMigration, rowFingerprint, convertDate, OWNER_COLUMN, type ImportMigration, type ImportOptions, type ImportProblem, type ImportReport } from "./import-legacy.ts";
export { migrateRecords, type MigrateOptions, type MigrationReport, type PendingOwner } from "./migrate-records.ts";
export { moveClosedOwners, type OwnerMoveReport } from "./move-owners.ts";
export { checkData, type DataCheckReport } from "./check-data.ts";
export { NHS_ENGLAND, SEEDED_USERS, seedDemoCases, seedUsers, systemUser } from "./seed.ts";
export { endOfDayInLondon, parseQuarter, quarterLabel, quarterOf, recentQuarters, resolveAsAt, type AsAt, type Quarter } from "./as-at.ts";
export { DICTIONARY_HEADER, dictionaryRows, extractColumns, extractForm, extractRows, FIXED_COLUMNS, type ExtractColumn, type ExtractRow, type ExtractSource } from "./extract.ts";
export { csvLine, neutralise, writeCsv, type CsvWritten } from "./extract-csv.ts";
export { EXTRACT_FORMATS, runExtract, type ExtractFormat, type ExtractRun } from "./run-extract.ts";
export { writeXlsx } from "./extract-xlsx.ts";
export { DashboardProjection, dashboardFigures, dashboardPlan, quarterBefore, type CodeCount, type DashboardFigures, type DashboardPlan, type FiguresQuery, type OwnerFigures, type Progress, type RegionFigures, type TrendPoint } from "./dashboard/index.ts";
export { backupDatabase, restoreDatabase, type BackupDone, type BackupOptions, type BackupResult, type CopyProgress, type OpsFailure, type RestoreDone, type RestoreOptions, type RestoreResult } from "./backup.ts";
export { dataLockHolder, LOCK_FILE_NAME, takeDataLock, type HeldLock, type LockOwner, type LockRefused, type LockResult, type LockRole } from "./data-lock.ts";
export {
  ACCOUNT_ERROR_CODES,
  addAccount,
  changeAccount,
  checkAccountChange,
  checkNewAccount,
  checkOrganisation,
  mayAdministerUsers,
  MAX_NAME_LENGTH,
  NHS_ENGLAND_NAME,
  organisationName,
  roleChoices,
  type AccountActor,
  type AccountChangeInput,
  type AccountError,
  type AccountErrorCode,
  type AccountField,
  type AccountInput,
  type AddAccountResult,
  type ChangeAccountResult,
  type CheckedAccount,
  type RoleChoice,
} from "./accounts.ts";
export { describeListIndexes, listIndexProgressLines, listIndexSettings, prepareListIndexes } from "./list-indexes.ts";
