-- The KPIs read what their range holds, not every event ever written: each ticket keeps, in the transaction of
-- the event, when it was first resolved and against which deadline, and when it was last closed (the facts the
-- KPIs count; "first time" is reopen_count = 0, which every reopen increments).
ALTER TABLE tickets ADD COLUMN first_resolved_at timestamptz;
ALTER TABLE tickets ADD COLUMN first_resolve_deadline timestamptz;
ALTER TABLE tickets ADD COLUMN last_closed_at timestamptz;

UPDATE tickets t SET first_resolved_at = r.at, first_resolve_deadline = r.deadline
  FROM (SELECT DISTINCT ON (ticket_id) ticket_id, at, deadline FROM ticket_events
         WHERE action = 'resolve' ORDER BY ticket_id, id) r
 WHERE r.ticket_id = t.id;
UPDATE tickets t SET last_closed_at = c.at
  FROM (SELECT DISTINCT ON (ticket_id) ticket_id, at FROM ticket_events
         WHERE action = 'close' ORDER BY ticket_id, id DESC) c
 WHERE c.ticket_id = t.id;

-- covering: a range's counts are read from the indexes alone (index-only scans), the tables left alone
CREATE INDEX tickets_first_resolved ON tickets (first_resolved_at) INCLUDE (first_resolve_deadline, unit_code)
  WHERE first_resolved_at IS NOT NULL;
CREATE INDEX tickets_last_closed ON tickets (last_closed_at) INCLUDE (reopen_count, unit_code)
  WHERE last_closed_at IS NOT NULL;
DROP INDEX tickets_created;
CREATE INDEX tickets_created ON tickets (created_at) INCLUDE (unit_code);
CREATE INDEX surveys_answered ON surveys (answered_at) INCLUDE (ticket_id, satisfaction) WHERE state = 'answered';
CREATE INDEX surveys_answered_ticket ON surveys (ticket_id) WHERE state = 'answered';
