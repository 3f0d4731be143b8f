【96715】网格工单${number}：${category}<#if address??>，地址${address}</#if><#if deadline??>，限办${deadline}</#if>。
