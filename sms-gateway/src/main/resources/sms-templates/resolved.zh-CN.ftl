【96715】工单${number}已办结<#if note??>：${note}</#if>。<#if survey>满意回1，基本满意回2，不满意回3。<#else>稍后电话回访。</#if>
