-- A new ticket of a resident who lives in a grid is also texted to the grid head (网格长): its own kind.
ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_kind_check;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_kind_check CHECK (kind IN ('registered', 'dispatched', 'extended',
  'resolved', 'reopened', 'closed', 'survey_reminder', 'progress', 'help', 'too_long', 'grid_head_new'));
