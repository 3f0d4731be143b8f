96715: the deadline of ticket ${number} is extended to ${deadline}. Thank you for your patience.
