96715: ticket ${number} is closed. Thank you for calling 96715.
