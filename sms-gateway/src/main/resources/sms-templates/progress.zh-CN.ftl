<#if number??>【96715】工单${number}：${state}<#if unit??>，${unit}办理</#if><#if deadline??>，${deadline}前办结</#if>。<#else>【96715】未找到您的工单，请拨96715。</#if>
