"""The adapters: where the core's values meet the servers, the disk and the secrets.

IMAP (:mod:`.imap`, IDLE in :mod:`.idle`), SMTP (:mod:`.smtp`), the state database
(:mod:`.store`), secrets and credentials (:mod:`.secrets`, :mod:`.credentials`), the
daemon lock and health file (:mod:`.lock`, :mod:`.health`), templates and packaged
files (:mod:`.templating`, :mod:`.resources`), and the endpoints built from the config
(:mod:`.endpoints`). They take and return the core's values; no adapter imports the
service or a command.
"""
