"""Local fake servers of the messaging platforms (issue 21): WeCom, DingTalk, Feishu, Alibaba
Cloud and Tencent Cloud SMS, and a mail server. Tests start them on 127.0.0.1 and a free port;
`python -m tests.fakes` starts them all for `bin/serve --fakes`."""
