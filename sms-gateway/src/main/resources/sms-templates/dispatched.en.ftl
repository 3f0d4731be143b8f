96715: ticket ${number} is with ${unit}, due ${deadline}. To check progress call 96715 and press 2.
