<#switch reason>
<#case "not_your_grid">【96715】工单${number}不是您网格居民的工单，未办理。<#break>
<#case "no_ticket">【96715】未找到工单${number}，请核对工单号。<#break>
<#case "bad_number">【96715】工单号${number}有误，请核对8位工单号后重发。<#break>
<#case "needs_note"><#if letter == "J">【96715】办结工单${number}请写明处理情况，例如：J ${number} 已处理。<#else>【96715】请写明工单${number}的进展，例如：B ${number} 已上门查看。</#if><#break>
<#case "not_immediate">【96715】工单${number}不是即办件，不能短信办结，由承办单位办结；可回复“S ${number}”受理，或“B ${number} 进展”记录进展。<#break>
<#case "already_resolved">【96715】工单${number}已办结，无需再办。<#break>
<#case "already_closed">【96715】工单${number}已结案。<#break>
<#case "other_unit">【96715】工单${number}由承办部门受理办理；您可回复“B ${number} 进展”记录进展。<#break>
<#case "already_accepted">【96715】工单${number}已在办理中。<#break>
<#case "invalid">【96715】工单${number}未办理：内容过长或指令有误。指令：J 工单号 处理情况；S 工单号；B 工单号 进展。<#break>
<#default>【96715】工单${number}当前状态不能办理此操作。
</#switch>
