-- What the spool (<spool>/pending, the reports of calls made while the database was away) leaves in the
-- database besides the rows it replays.

-- An entry the drainer set aside in <spool>/quarantine/ rather than let it block the entries behind it:
-- unreadable, refused by ticketing, or failing three rounds in a row. The file there (and its .reason) is
-- the truth; this row, written once the database answers, is what tells an agent a report is waiting.
CREATE TABLE ivr_spool_quarantine (
  id             bigserial PRIMARY KEY,
  entry          text NOT NULL UNIQUE,        -- the file name in quarantine/
  kind           text NOT NULL CHECK (kind IN ('call', 'handoff', 'ticket', 'survey', 'unknown')),
  caller         text,                        -- the caller's or callback number, when the entry has one
  unique_id      text,                        -- Asterisk's agi_uniqueid of the call, when the entry has one
  reason         text NOT NULL,
  quarantined_at timestamptz NOT NULL,
  payload        jsonb,                       -- the entry, when it was a JSON object
  raw            text,                        -- its text, when it was not
  CHECK (payload IS NOT NULL OR raw IS NOT NULL)
);
CREATE INDEX ivr_spool_quarantine_at ON ivr_spool_quarantine (quarantined_at);

-- The ticket each spooled report became, by call: a call record written after its report was
-- registered (spooled later, or saved directly once the database was back) takes the number from here.
CREATE TABLE ivr_spooled_tickets (
  unique_id     text NOT NULL,
  ticket_number text NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (unique_id, ticket_number)
);
