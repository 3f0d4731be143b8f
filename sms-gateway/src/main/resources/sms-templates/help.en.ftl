96715: text us the problem you want to report and we register it as a ticket and send you its number. Text CX for progress, STOP to opt out.
