-- The "112" hand-over limits (seed 001, Taojia town): how long a ticket may wait at one level before it is
-- taken up there (accepted, resolved) or handed on. Intake is the service point: registered, not yet dispatched.
-- Working days, as the ticket deadlines; a level without a row has no limit (the district centre).
CREATE TABLE handover_limits (
  level        text PRIMARY KEY CHECK (level IN ('intake', 'grid', 'community', 'sub_district', 'department', 'district')),
  working_days integer NOT NULL CHECK (working_days BETWEEN 0 AND 60)
);
INSERT INTO handover_limits (level, working_days) VALUES
  ('intake', 1), ('grid', 1), ('community', 2), ('sub_district', 2), ('department', 2);

-- Each wait of a ticket at a level, kept in the transaction of the event that starts or ends it: the sweep reads
-- only the open waits, the KPIs only the waits that ended in their range.
CREATE TABLE handovers (
  id           bigserial PRIMARY KEY,
  ticket_id    bigint NOT NULL REFERENCES tickets (id),
  level        text NOT NULL,
  unit_code    text REFERENCES units (code), -- null at intake
  arrived_at   timestamptz NOT NULL,
  due_at       timestamptz,                  -- null: no limit at this level
  reminded_at  timestamptz,
  escalated_at timestamptz,                  -- claimed for escalation by a sweep
  left_at      timestamptz,
  left_by      text CHECK (left_by IN ('accepted', 'resolved', 'dispatched', 'escalated', 'returned', 'merged', 'other')),
  CHECK ((left_at IS NULL) = (left_by IS NULL))
);
CREATE UNIQUE INDEX handovers_one_wait ON handovers (ticket_id) WHERE left_at IS NULL;
CREATE INDEX handovers_due ON handovers (due_at) WHERE left_at IS NULL AND due_at IS NOT NULL;
CREATE INDEX handovers_left ON handovers (left_at);

-- A hand-over reminder shows on the worklists as the other orders do.
ALTER TABLE supervision_orders DROP CONSTRAINT supervision_orders_kind_check;
ALTER TABLE supervision_orders ADD CONSTRAINT supervision_orders_kind_check
  CHECK (kind IN ('due_soon', 'reminder', 'supervision', 'unsatisfied', 'handover'));

-- A ticket open before this migration has no wait on record until it next moves (dispatched, escalated, returned).
