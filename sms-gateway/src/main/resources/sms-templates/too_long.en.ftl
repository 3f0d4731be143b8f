96715: your text is longer than ${max} characters and was not registered. Please send a shorter one or call 96715.
