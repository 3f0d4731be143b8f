-- A resident whose ticket is merged into another about the same problem is told so (kind 'merged'), and hears of
-- that ticket's progress as a follower (the usual kinds, on their own ticket's row).
ALTER TABLE sms_outbox DROP CONSTRAINT sms_outbox_kind_check;
ALTER TABLE sms_outbox ADD CONSTRAINT sms_outbox_kind_check CHECK (kind IN ('registered', 'dispatched', 'extended',
  'resolved', 'reopened', 'closed', 'merged', 'survey_reminder', 'progress', 'help', 'too_long', 'grid_head_new',
  'grid_head_resolved', 'grid_head_accepted', 'grid_head_noted', 'grid_head_refused', 'grid_head_help'));
