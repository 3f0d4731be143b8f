96715: ticket ${number} is resolved. Thank you.
