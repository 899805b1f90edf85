/**
 * drizzle-kit configuration. Run from the repository root:
 *   npx drizzle-kit generate --config storage/drizzle.config.ts
 * The generated SQL and meta/ journal in storage/migrations are committed; the store applies
 * them at start-up with drizzle's migrator.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./storage/schema.ts",
  out: "./storage/migrations",
  strict: true,
  verbose: true,
});
