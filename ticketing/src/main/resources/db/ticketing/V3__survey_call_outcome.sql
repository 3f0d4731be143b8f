-- How the last phone call of a survey ended, as Asterisk's OriginateResponse said, and when it was placed
-- (from the service's clock, like every business timestamp). The delivery of an ask is kept apart from the
-- survey's own state: 'answered' here means the phone was picked up, not that the survey was answered.
-- NULL last_outcome: no call yet, or the last one's outcome has not arrived (yet).
ALTER TABLE surveys
  ADD COLUMN last_outcome    text CHECK (last_outcome IN ('answered', 'busy', 'no_answer', 'congestion', 'failed')),
  ADD COLUMN last_attempt_at timestamptz;
