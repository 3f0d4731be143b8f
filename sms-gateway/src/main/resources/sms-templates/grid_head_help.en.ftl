96715 grid head commands: J <ticket> <what was done> (resolve an immediate item); S <ticket> (accept); B <ticket> <progress> (note).
