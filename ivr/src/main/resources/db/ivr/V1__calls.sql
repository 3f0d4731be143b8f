-- The IVR's own records: one row per call, and the hand-offs to a person for the agent console.

CREATE TABLE ivr_calls (
  id            bigserial PRIMARY KEY,
  unique_id     text NOT NULL,                -- Asterisk's agi_uniqueid
  channel       text,
  caller        text,                         -- caller ID as presented (national form when valid)
  script        text NOT NULL,
  started_at    timestamptz NOT NULL,
  ended_at      timestamptz NOT NULL,
  path          text[] NOT NULL,              -- the menus reached, in order
  last_menu     text,                         -- where an abandoned call stopped
  outcome       text NOT NULL CHECK (outcome IN ('ticket_created', 'ticket_spooled', 'progress_heard', 'transferred',
                                                 'voice_message', 'survey_answered', 'abandoned', 'unknown_script',
                                                 'completed', 'failed')),
  ticket_number text,
  recording     text,                         -- the last recording made, kept even when no ticket could be
  elderly       boolean NOT NULL DEFAULT false
);
CREATE INDEX ivr_calls_started ON ivr_calls (started_at);
-- a spooled record written twice (a crash between the row and the spool's bookkeeping) stays one row
CREATE UNIQUE INDEX ivr_calls_once ON ivr_calls (unique_id, started_at);
CREATE INDEX ivr_calls_caller ON ivr_calls (caller, started_at DESC);

-- A caller handed to a person: what the agent's screen shows when the queue connects them.
CREATE TABLE agent_handoffs (
  id            bigserial PRIMARY KEY,
  unique_id     text NOT NULL,
  caller        text,
  ticket_number text,
  reason        text NOT NULL CHECK (reason IN ('caller_asked', 'menu_failures', 'elderly', 'database',
                                                'unknown_script', 'intake_refused', 'error')),
  path          text[] NOT NULL,
  elderly       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL,
  state         text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'answered', 'abandoned'))
);
CREATE INDEX agent_handoffs_waiting ON agent_handoffs (created_at) WHERE state = 'waiting';
CREATE UNIQUE INDEX agent_handoffs_once ON agent_handoffs (unique_id, created_at);
