【96715】工单${number}已交${unit}办理，${deadline}前办结。查进度请拨96715按2。
