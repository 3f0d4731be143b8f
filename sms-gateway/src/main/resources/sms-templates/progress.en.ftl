<#if number??>96715: ticket ${number} is ${state}<#if unit??> with ${unit}</#if><#if deadline??>, due ${deadline}</#if>.<#else>96715: no ticket found for your number; please call 96715.</#if>
