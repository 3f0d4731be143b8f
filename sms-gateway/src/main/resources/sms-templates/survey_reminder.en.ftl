96715: ticket ${number} was resolved. Are you satisfied? Reply 1 satisfied, 2 basically, 3 unsatisfied.
