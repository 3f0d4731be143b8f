-- SMS intake: a text that is no survey answer, keyword or progress question becomes a ticket; an empty
-- text (or HELP) gets a help reply, one longer than a ticket's description may be a polite refusal.
ALTER TABLE sms_inbound DROP CONSTRAINT sms_inbound_handled_as_check;
ALTER TABLE sms_inbound ADD CONSTRAINT sms_inbound_handled_as_check CHECK (handled_as IN ('pending', 'survey',
  'opt_out', 'opt_in', 'progress', 'note', 'ignored', 'ticket', 'help', 'refused'));

-- ticket_id (there since V1) is the ticket a message became, written in that ticket's own transaction:
-- one message per ticket, and a message taken as a ticket always names it.
ALTER TABLE sms_inbound ADD CONSTRAINT sms_inbound_ticket_named CHECK (handled_as <> 'ticket' OR ticket_id IS NOT NULL);
CREATE UNIQUE INDEX sms_inbound_ticket ON sms_inbound (ticket_id) WHERE ticket_id IS NOT NULL;
-- the ticket's transaction finds its message among the sender's pending ones
CREATE INDEX sms_inbound_pending ON sms_inbound (from_phone) WHERE handled_as = 'pending';

ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_kind_check;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_kind_check CHECK (kind IN ('registered', 'dispatched', 'extended',
  'resolved', 'reopened', 'closed', 'survey_reminder', 'progress', 'help', 'too_long'));
