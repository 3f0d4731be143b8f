-- Grid heads answer by text from the phone on record: the grid is found by that phone.
CREATE INDEX units_grid_head_phone ON units (phone) WHERE level = 'grid';
