/**
 * Set-up of the vitest project "postgres" (the server suite on PostgreSQL): after each file,
 * the databases its trackers left (only stopped, or a test that failed half-way) are dropped,
 * so that a run leaves the server as it found it.
 */
import { afterAll } from "vitest";
import { dropTestDatabases } from "./harness.ts";

afterAll(dropTestDatabases);
