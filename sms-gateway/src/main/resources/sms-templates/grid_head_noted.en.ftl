96715: your note on ticket ${number} is recorded.
