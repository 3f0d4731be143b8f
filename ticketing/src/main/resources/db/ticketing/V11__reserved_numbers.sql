-- Ticket numbers a sender took from ticket_serial in advance (the IVR holds a block of them, so that a caller
-- still hears a real number while the database is slow or away, and the report is registered later under it).
-- A ticket registered with a number of its own must name one reserved here and not used yet: a number is
-- never given twice, nor invented. used_at is stamped in the registering transaction; nothing is deleted.
CREATE TABLE reserved_numbers (
  number      text PRIMARY KEY,
  reserved_at timestamptz NOT NULL,
  used_at     timestamptz,
  CHECK (used_at IS NULL OR used_at >= reserved_at)
);
