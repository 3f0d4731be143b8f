-- The phone an agent sits at: the queue member's interface in Asterisk (queues.conf `member => PJSIP/agent01`).
-- When the queue connects a caller to that interface, the call pops up on this user's console page.
ALTER TABLE users ADD COLUMN phone_interface text UNIQUE
  CHECK (phone_interface IS NULL OR phone_interface ~ '^[A-Za-z0-9_]+/[A-Za-z0-9_.@:+-]+$');
