-- Reports from the web (Open311 GeoReport v2 clients, city apps): a resident may leave no phone number,
-- and the place may be given as coordinates (WGS 84) besides, or instead of, the address text.
ALTER TABLE tickets DROP CONSTRAINT tickets_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_caller_phone
  CHECK (caller_phone IS NOT NULL OR channel = 'web' OR (channel = 'phone_ivr' AND incomplete_intake));

ALTER TABLE tickets
  ADD COLUMN lat numeric(10, 7) CHECK (lat BETWEEN -90 AND 90),
  ADD COLUMN lon numeric(10, 7) CHECK (lon BETWEEN -180 AND 180),
  ADD CONSTRAINT tickets_lat_lon_together CHECK ((lat IS NULL) = (lon IS NULL));
