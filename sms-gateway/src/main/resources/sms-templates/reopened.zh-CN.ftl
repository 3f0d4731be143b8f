【96715】工单${number}已重新交${unit!"承办单位"}办理，${deadline}前办结。
