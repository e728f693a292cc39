import type { Migration } from 'kysely';
import * as core from './2026-11-23T0001_core';
import * as householdSearch from './2026-11-23T0002_household_search';
import * as checklistPacks from './2026-11-23T0003_checklist_packs';
import * as ingest from './2026-11-23T0004_ingest';
import * as trust from './2026-11-23T0005_trust';
import * as pageTextSearch from './2026-11-23T0006_page_text_search';
import * as caseCheckCache from './2026-11-23T0007_case_check_cache';
import * as caseHouseholdIndex from './2026-11-23T0008_case_household_index';
import * as pageSuggestions from './2026-12-04T0009_page_suggestions';
import * as caseCheckWaitingPages from './2026-12-04T0010_case_check_waiting_pages';
import * as pageNamedHouseholds from './2026-12-04T0011_page_named_households';
import * as destructionGuards from './2026-12-04T0012_destruction_guards';
import * as townKeys from './2026-12-04T0013_town_keys';
import * as archiveCheckRecords from './2026-12-05T0014_archive_check_records';
import * as holidays from './2026-12-05T0016_holidays';
import * as caseSteps from './2026-12-05T0017_case_steps';
import * as derivedVolumes from './2026-12-06T0018_derived_volumes';
import * as postgres from './2026-12-06T0019_postgres';
import * as postgresForMigrate from './2026-12-06T0020_postgres_for_migrate';
import * as sessions from './2026-12-06T0021_sessions';
import * as ingestClaims from './2026-12-06T0022_ingest_claims';

/**
 * Every migration, by name. A static record rather than a folder scan so the
 * bundled Electron main process finds them too (FileMigrationProvider's
 * dynamic import breaks in bundles). A test checks no file is left out.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001_core': core,
  '2026-11-23T0002_household_search': householdSearch,
  '2026-11-23T0003_checklist_packs': checklistPacks,
  '2026-11-23T0004_ingest': ingest,
  '2026-11-23T0005_trust': trust,
  '2026-11-23T0006_page_text_search': pageTextSearch,
  '2026-11-23T0007_case_check_cache': caseCheckCache,
  '2026-11-23T0008_case_household_index': caseHouseholdIndex,
  '2026-12-04T0009_page_suggestions': pageSuggestions,
  '2026-12-04T0010_case_check_waiting_pages': caseCheckWaitingPages,
  '2026-12-04T0011_page_named_households': pageNamedHouseholds,
  '2026-12-04T0012_destruction_guards': destructionGuards,
  '2026-12-04T0013_town_keys': townKeys,
  '2026-12-05T0014_archive_check_records': archiveCheckRecords,
  '2026-12-05T0016_holidays': holidays,
  '2026-12-05T0017_case_steps': caseSteps,
  '2026-12-06T0018_derived_volumes': derivedVolumes,
  '2026-12-06T0019_postgres': postgres,
  '2026-12-06T0020_postgres_for_migrate': postgresForMigrate,
  '2026-12-06T0021_sessions': sessions,
  '2026-12-06T0022_ingest_claims': ingestClaims,
};
