<#switch reason>
<#case "not_your_grid">96715: ticket ${number} is not of a resident of your grid; nothing done.<#break>
<#case "no_ticket">96715: no ticket ${number}; please check the number.<#break>
<#case "bad_number">96715: ${number} is not a ticket number; please check its 8 digits and send again.<#break>
<#case "needs_note">96715: please say what was done, e.g. ${letter} ${number} done.<#break>
<#case "not_immediate">96715: ticket ${number} is not an immediate item and is resolved by its handling unit; text S ${number} to accept it, or B ${number} <progress>.<#break>
<#case "already_resolved">96715: ticket ${number} is already resolved.<#break>
<#case "already_closed">96715: ticket ${number} is closed.<#break>
<#case "other_unit">96715: ticket ${number} is accepted and handled by its department; reply "B ${number} progress" to add a note.<#break>
<#case "already_accepted">96715: ticket ${number} is already being handled.<#break>
<#case "invalid">96715: ticket ${number}: nothing done, the text is too long or the command is wrong. Commands: J <ticket> <what was done>; S <ticket>; B <ticket> <progress>.<#break>
<#default>96715: ticket ${number} cannot take that now.
</#switch>
