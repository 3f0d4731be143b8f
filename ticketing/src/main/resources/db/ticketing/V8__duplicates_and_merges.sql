-- One ticket per problem: a ticket found to repeat an open one is merged into it (state 'merged', merged_into the
-- ticket that carries on); its events stay its own and are read with the other's history.
ALTER TABLE tickets DROP CONSTRAINT tickets_state_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_state_check
  CHECK (state IN ('received', 'dispatched', 'in_progress', 'resolved', 'closed', 'merged'));
ALTER TABLE tickets ADD COLUMN merged_into bigint REFERENCES tickets (id);
ALTER TABLE tickets ADD CONSTRAINT tickets_merged_into CHECK ((state = 'merged') = (merged_into IS NOT NULL));
CREATE INDEX tickets_merged_into ON tickets (merged_into) WHERE merged_into IS NOT NULL;

-- Reports that came in without a person to ask (SMS, Open311) and look like an earlier open or recent ticket:
-- linked for an agent to merge or to mark as a different problem.
CREATE TABLE possible_duplicates (
  ticket_id    bigint NOT NULL REFERENCES tickets (id), -- the later report
  of_ticket_id bigint NOT NULL REFERENCES tickets (id), -- the earlier ticket it may repeat
  reason       text NOT NULL CHECK (reason IN ('same_caller', 'same_address')),
  found_at     timestamptz NOT NULL,
  decision     text CHECK (decision IN ('merged', 'distinct')),
  decided_at   timestamptz,
  decided_by   text,
  PRIMARY KEY (ticket_id, of_ticket_id),
  CHECK (ticket_id <> of_ticket_id),
  CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX possible_duplicates_of ON possible_duplicates (of_ticket_id);
CREATE INDEX possible_duplicates_undecided ON possible_duplicates (found_at) WHERE decision IS NULL;
