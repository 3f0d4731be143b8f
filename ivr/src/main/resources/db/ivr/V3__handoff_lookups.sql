-- The agent console reads the IVR's records by caller (a caller's recent calls, CallLog.recentCalls) and the
-- queue's events find a call's hand-off by its unique id; ivr_calls has both indexes already (V1).
CREATE INDEX agent_handoffs_caller ON agent_handoffs (caller, created_at DESC);
