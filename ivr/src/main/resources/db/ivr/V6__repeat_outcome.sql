-- A caller with an open ticket of the category they chose said it was the same problem (key 1 at the
-- "same problem?" question): the call was added to that ticket as a note instead of opening another. The
-- call's outcome 'repeat', its ticket_number that ticket's, its recording the new one.
ALTER TABLE ivr_calls
  DROP CONSTRAINT ivr_calls_outcome_check,
  ADD CONSTRAINT ivr_calls_outcome_check CHECK (outcome IN ('ticket_created', 'ticket_spooled', 'repeat',
      'progress_heard', 'transferred', 'grid_head', 'voice_message', 'survey_answered', 'abandoned',
      'unknown_script', 'completed', 'failed'));
