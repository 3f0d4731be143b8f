-- The service category code the caller chose in the report menu (ticketing's categories.code, not a foreign
-- key: another module's table), for the agent's screen pop; null when the caller did not get that far, and in
-- rows written before the IVR kept it.
ALTER TABLE ivr_calls ADD COLUMN category text;
ALTER TABLE agent_handoffs ADD COLUMN category text;
