-- Everyone who texted STOP (or whom Twilio reports as unsubscribed, error 21610), resident or not:
-- the outbox skips them until they text START. residents.sms_opt_out is still honoured too.
CREATE TABLE sms_opt_outs (
  phone text PRIMARY KEY,   -- national form, as in sms_outbox.to_phone
  since timestamptz NOT NULL
);

-- When the handling of a reply last began: a reply still 'pending' long after that was cut off
-- (a crash between logging it and its effect), so Twilio's retry of it is taken again.
ALTER TABLE sms_inbound ADD COLUMN started_at timestamptz;
UPDATE sms_inbound SET started_at = received_at;
ALTER TABLE sms_inbound ALTER COLUMN started_at SET NOT NULL;
