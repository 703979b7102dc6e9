"""A fake mail server (SMTP, RFC 5321) that refuses chosen recipients' messages at DATA.

It answers EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP and QUIT. After the message's data a
recipient listed in `refuse_at_data` gets "554 5.7.1 message refused" (or `refusal`, e.g.
"552 5.3.4 message too big"), as a server that checks content does; every other message is
kept in `messages` (envelope recipients and the raw text).
"""

from __future__ import annotations

import socketserver
import threading


class FakeSMTP:
    def __init__(
        self, *, refuse_at_data: set[str] | None = None, refusal: str = "554 5.7.1 message refused"
    ):
        self.refuse_at_data = set(refuse_at_data or ())
        self.refusal = refusal
        self.messages: list[dict] = []
        self.refused: list[list[str]] = []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self):
                self.reply("220 fake.smtp ESMTP")
                recipients: list[str] = []
                while True:
                    line = self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")
                    if not line:
                        return
                    verb = line.split(" ", 1)[0].upper()
                    if verb == "EHLO":
                        self.reply("250-fake.smtp")
                        self.reply("250 8BITMIME")
                    elif verb == "HELO" or verb == "NOOP":
                        self.reply("250 ok")
                    elif verb == "MAIL":
                        recipients = []
                        self.reply("250 ok")
                    elif verb == "RCPT":
                        recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 ok")
                    elif verb == "RSET":
                        recipients = []
                        self.reply("250 ok")
                    elif verb == "DATA":
                        self.reply("354 end with .")
                        data = []
                        while True:
                            chunk = self.rfile.readline().decode("utf-8", "replace")
                            if chunk in (".\r\n", ".\n", ""):
                                break
                            data.append(chunk)
                        if fake.refuse_at_data & set(recipients):
                            fake.refused.append(list(recipients))
                            self.reply(fake.refusal)
                        else:
                            fake.messages.append({"to": list(recipients), "data": "".join(data)})
                            self.reply("250 queued")
                        recipients = []
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> FakeSMTP:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
