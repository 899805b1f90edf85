-- Written by hand (Drizzle cannot declare triggers). The audit trail is append-only: these
-- triggers refuse every UPDATE and DELETE of audit_log, whichever connection or role asks, so
-- no route, command or bug can rewrite who did what.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be deleted');
END;
--> statement-breakpoint
-- Databases made before accounts had a source: the seeded development users are demo users
-- (production refuses to start while they exist) and the data-migration account is the system's.
UPDATE `users` SET `source` = 'demo' WHERE `username` IN ('icb.lsc', 'icb.lsc.viewer', 'icb.nel', 'icb.ncl', 'region.nw', 'national', 'standards');
--> statement-breakpoint
UPDATE `users` SET `source` = 'system' WHERE `username` = 'system.data';
--> statement-breakpoint
UPDATE `sessions` SET `last_seen_at` = `created_at` WHERE `last_seen_at` = '';
