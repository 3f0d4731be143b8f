-- A report may come with its sender's key for it (the IVR's: the call and what was recorded), so that one sent
-- again (replayed from the IVR's spool after a crash, not knowing whether the first try committed) is still one
-- ticket: registering it returns the ticket of the first. Reports without a key are not limited.
ALTER TABLE tickets ADD COLUMN intake_key text;
CREATE UNIQUE INDEX tickets_intake_key ON tickets (intake_key) WHERE intake_key IS NOT NULL;
