-- Business timestamps come from the service's clock (the injected java.time.Clock), never from the
-- database's: a column default of now() would mix two clocks (tests and faked dates see the
-- difference first). Every insert names these columns; without a value it now fails loudly.
ALTER TABLE residents          ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE tickets            ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE tickets            ALTER COLUMN updated_at DROP DEFAULT;
ALTER TABLE ticket_events      ALTER COLUMN at         DROP DEFAULT;
ALTER TABLE supervision_orders ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE surveys            ALTER COLUMN opened_at  DROP DEFAULT;
ALTER TABLE sessions           ALTER COLUMN created_at DROP DEFAULT;
