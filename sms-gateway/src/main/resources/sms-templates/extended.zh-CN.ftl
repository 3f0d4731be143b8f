【96715】工单${number}办理期限已延至${deadline}，感谢您的耐心。
