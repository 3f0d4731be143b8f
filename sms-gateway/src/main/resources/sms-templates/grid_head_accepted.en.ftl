96715: ticket ${number} is accepted.
