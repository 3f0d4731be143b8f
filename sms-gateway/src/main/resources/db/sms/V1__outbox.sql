-- The SMS outbox: one row per message a ticket event (or a reply, or a survey reminder) should send,
-- written in the same transaction as what caused it. Delivery state lives here, apart from the
-- ticket's lifecycle state, limited by CHECK constraints.
CREATE TABLE sms_outbox (
  id              bigserial PRIMARY KEY,
  dedupe_key      text NOT NULL UNIQUE,   -- event:<id>:<kind>, survey:<id>:<attempt>, reply:<MessageSid>
  ticket_id       bigint REFERENCES tickets (id),
  kind            text NOT NULL CHECK (kind IN ('registered', 'dispatched', 'extended', 'resolved', 'reopened',
                                                'closed', 'survey_reminder', 'progress')),
  to_phone        text NOT NULL,          -- national form; E.164 only at the provider
  language        text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  body            text NOT NULL,
  encoding        text NOT NULL CHECK (encoding IN ('GSM-7', 'UCS-2')),
  segments        integer NOT NULL CHECK (segments >= 1),
  send_state      text NOT NULL CHECK (send_state IN ('queued', 'sending', 'sent', 'delivered', 'undelivered',
                                                      'failed', 'dead', 'skipped')),
  skip_reason     text CHECK (skip_reason IN ('landline', 'not_mobile', 'opted_out', 'confidential', 'daily_cap')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,   -- when queued: the earliest send; when sending: the lease's end
  last_error      text,
  provider_sid    text UNIQUE,
  provider_status text,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  updated_at      timestamptz NOT NULL,
  CHECK ((send_state = 'skipped') = (skip_reason IS NOT NULL))
);
CREATE INDEX sms_outbox_due ON sms_outbox (next_attempt_at) WHERE send_state IN ('queued', 'sending');
CREATE INDEX sms_outbox_recipient ON sms_outbox (to_phone, sent_at);
CREATE INDEX sms_outbox_ticket ON sms_outbox (ticket_id);

-- Every delivery status callback once (Twilio retries them): the key deduplicates.
CREATE TABLE sms_status_callbacks (
  message_sid text NOT NULL,
  status      text NOT NULL,
  error_code  text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (message_sid, status)
);

-- Every inbound reply once, and what it was taken as.
CREATE TABLE sms_inbound (
  message_sid text PRIMARY KEY,
  from_phone  text NOT NULL,
  body        text NOT NULL,
  handled_as  text NOT NULL CHECK (handled_as IN ('pending', 'survey', 'opt_out', 'opt_in', 'progress', 'note', 'ignored')),
  ticket_id   bigint REFERENCES tickets (id),
  received_at timestamptz NOT NULL
);

-- One token bucket per sending number, shared by every worker instance: the configured messages
-- per second hold for the whole service, not per process.
CREATE TABLE sms_rate_buckets (
  sender      text PRIMARY KEY,
  tokens      double precision NOT NULL CHECK (tokens >= 0),
  refilled_at timestamptz NOT NULL
);
