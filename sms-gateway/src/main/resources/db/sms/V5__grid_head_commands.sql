-- A grid head answers by text (J/S/B + a ticket number): the message records what it asked (grid, action, ticket
-- number) before ticketing acts, and the act's own transaction marks it 'command' with the ticket it acted on;
-- a command refused (not their grid, no such ticket...) is 'command_refused', one with no number 'command_help'.
ALTER TABLE sms_inbound ADD COLUMN grid_code text;
ALTER TABLE sms_inbound ADD COLUMN command text CHECK (command IN ('accept', 'note', 'resolve'));
ALTER TABLE sms_inbound ADD COLUMN command_number text;
ALTER TABLE sms_inbound ADD CONSTRAINT sms_inbound_command_whole
  CHECK ((command IS NULL) = (grid_code IS NULL) AND (command IS NULL) = (command_number IS NULL));

ALTER TABLE sms_inbound DROP CONSTRAINT sms_inbound_handled_as_check;
ALTER TABLE sms_inbound ADD CONSTRAINT sms_inbound_handled_as_check CHECK (handled_as IN ('pending', 'survey',
  'opt_out', 'opt_in', 'progress', 'note', 'ignored', 'ticket', 'help', 'refused', 'command', 'command_refused',
  'command_help'));
ALTER TABLE sms_inbound ADD CONSTRAINT sms_inbound_command_named CHECK (handled_as <> 'command' OR ticket_id IS NOT NULL);

-- One message per ticket it became; many commands may name one ticket (accepted, then noted, then resolved).
DROP INDEX sms_inbound_ticket;
CREATE UNIQUE INDEX sms_inbound_ticket ON sms_inbound (ticket_id) WHERE handled_as = 'ticket';
-- the act's transaction finds its command among the pending ones
CREATE INDEX sms_inbound_pending_command ON sms_inbound (grid_code, command_number) WHERE handled_as = 'pending';

-- The replies to a grid head's commands; all grid_head_* kinds count against the grid heads' own daily cap.
ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_kind_check;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_kind_check CHECK (kind IN ('registered', 'dispatched', 'extended',
  'resolved', 'reopened', 'closed', 'survey_reminder', 'progress', 'help', 'too_long', 'grid_head_new',
  'grid_head_resolved', 'grid_head_accepted', 'grid_head_noted', 'grid_head_refused', 'grid_head_help'));
