-- The ticketing schema: organisation, residents, categories, tickets and their append-only history.

CREATE TABLE units (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('district', 'department', 'sub_district', 'community', 'grid')),
  parent_code text REFERENCES units (code),
  phone       text,
  head_name   text,
  households  integer
);
CREATE INDEX units_parent ON units (parent_code);

CREATE TABLE residents (
  phone          text PRIMARY KEY,
  name           text NOT NULL,
  address        text,
  community_code text REFERENCES units (code),
  grid_code      text REFERENCES units (code),
  elderly        boolean NOT NULL DEFAULT false,
  landline       boolean NOT NULL DEFAULT false,
  sms_opt_out    boolean NOT NULL DEFAULT false,
  language       text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  code            text PRIMARY KEY,
  name_zh         text NOT NULL,
  name_en         text NOT NULL,
  ivr_group       integer NOT NULL CHECK (ivr_group BETWEEN 1 AND 5),
  default_unit    text NOT NULL,  -- 'community' (the resident's community), 'none', or a unit code
  item_kind       text NOT NULL CHECK (item_kind IN ('immediate', 'promised', 'awaiting_resident', 'escalated')),
  time_limit_days integer NOT NULL CHECK (time_limit_days >= 0),
  position        integer NOT NULL
);

CREATE SEQUENCE ticket_serial START 1000001;

CREATE TABLE tickets (
  id                  bigserial PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  caller_phone        text, -- only a phone report cut short from a withheld number lacks one
  channel             text NOT NULL CHECK (channel IN ('phone_ivr', 'agent', 'sms', 'web')),
  category            text NOT NULL REFERENCES categories (code),
  item_kind           text NOT NULL CHECK (item_kind IN ('immediate', 'promised', 'awaiting_resident', 'escalated')),
  description         text NOT NULL,
  recording           text,
  address             text,
  community_code      text REFERENCES units (code),
  unit_code           text REFERENCES units (code),
  deadline            timestamptz NOT NULL,
  requested_deadline  timestamptz,
  confidential        boolean NOT NULL DEFAULT false,
  incomplete_intake   boolean NOT NULL DEFAULT false,
  state               text NOT NULL CHECK (state IN ('received', 'dispatched', 'in_progress', 'resolved', 'closed')),
  reopen_count        integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (caller_phone IS NOT NULL OR (channel = 'phone_ivr' AND incomplete_intake))
);
CREATE INDEX tickets_caller ON tickets (caller_phone, created_at DESC);
CREATE INDEX tickets_unit_state ON tickets (unit_code, state);
CREATE INDEX tickets_open_deadline ON tickets (deadline) WHERE state IN ('received', 'dispatched', 'in_progress');
CREATE INDEX tickets_created ON tickets (created_at);

-- Every change to a ticket, never updated nor deleted.
CREATE TABLE ticket_events (
  id         bigserial PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES tickets (id),
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  role       text NOT NULL,
  action     text NOT NULL,
  from_state text,
  to_state   text NOT NULL,
  note       text,
  unit_code  text,
  deadline   timestamptz
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
CREATE INDEX ticket_events_action_at ON ticket_events (action, at);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER tickets_never_deleted BEFORE DELETE ON tickets
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Reminders (催办) and supervision orders (督办), and the supervisor's notice of an unsatisfied
-- callback; one of each kind per deadline, whatever number of scheduler instances run.
CREATE TABLE supervision_orders (
  id         bigserial PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES tickets (id),
  kind       text NOT NULL CHECK (kind IN ('due_soon', 'reminder', 'supervision', 'unsatisfied')),
  deadline   timestamptz NOT NULL,
  unit_code  text REFERENCES units (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (ticket_id, kind, deadline)
);

-- Callback surveys (回访); the SMS gateway and the phone survey fill them in.
CREATE TABLE surveys (
  id              bigserial PRIMARY KEY,
  ticket_id       bigint NOT NULL REFERENCES tickets (id),
  channel         text NOT NULL CHECK (channel IN ('sms', 'phone', 'agent')),
  state           text NOT NULL CHECK (state IN ('scheduled', 'open', 'answered', 'unreachable', 'cancelled')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  solved          boolean,
  satisfaction    text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
  comment         text,
  recording       text,
  opened_at       timestamptz NOT NULL DEFAULT now(),
  answered_at     timestamptz
);
CREATE INDEX surveys_ticket ON surveys (ticket_id);
CREATE INDEX surveys_due ON surveys (next_attempt_at) WHERE state IN ('scheduled', 'open');

-- Public holidays and make-up working days (调休); other days follow the week.
CREATE TABLE calendar_days (
  day  date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text
);

CREATE TABLE users (
  username      text PRIMARY KEY,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('agent', 'unit', 'supervisor', 'admin')),
  unit_code     text REFERENCES units (code),
  display_name  text NOT NULL,
  CHECK ((role = 'unit') = (unit_code IS NOT NULL))
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  username   text NOT NULL REFERENCES users (username),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
