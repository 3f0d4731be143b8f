【96715】您的诉求已登记，工单号${number}<#if unit??>，由${unit}办理，${deadline}前办结</#if>。查进度请拨96715按2。
