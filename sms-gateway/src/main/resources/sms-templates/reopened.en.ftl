96715: ticket ${number} is reopened with ${unit!"the handling unit"}, due ${deadline}.
