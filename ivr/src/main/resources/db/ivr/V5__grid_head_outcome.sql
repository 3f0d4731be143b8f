-- A resident who pressed 3 at the main menu was left for the dialplan to dial their grid head (网格长):
-- the call's outcome 'grid_head', its path naming the grid ("grid-head:SD01-C01-G1"). V1's inline CHECK
-- took PostgreSQL's default name.
ALTER TABLE ivr_calls
  DROP CONSTRAINT ivr_calls_outcome_check,
  ADD CONSTRAINT ivr_calls_outcome_check CHECK (outcome IN ('ticket_created', 'ticket_spooled', 'progress_heard',
      'transferred', 'grid_head', 'voice_message', 'survey_answered', 'abandoned', 'unknown_script', 'completed',
      'failed'));
