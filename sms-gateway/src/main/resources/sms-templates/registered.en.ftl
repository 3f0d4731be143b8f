96715: your request is registered as ticket ${number}<#if unit??>, handled by ${unit} by ${deadline}</#if>. To check progress call 96715 and press 2.
