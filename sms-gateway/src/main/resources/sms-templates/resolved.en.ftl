96715: ticket ${number} is resolved<#if note??>: ${note}</#if>. <#if survey>Reply 1 satisfied, 2 basically satisfied, 3 unsatisfied.<#else>We will call you to ask how it went.</#if>
