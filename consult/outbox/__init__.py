"""The one outbox (issue 21): what a notification says outside the app (`texts`), who gets it on
which channel (`routing`), the platforms (`email`, `wecom`, `dingtalk`, `robots`, `sms`) and the
one sender (`sender`, run by `manage.py send_notifications`)."""
