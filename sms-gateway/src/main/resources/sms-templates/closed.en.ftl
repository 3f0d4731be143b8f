96715: ticket ${number} is closed. Thank you for your feedback.
