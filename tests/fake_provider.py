"""A local stand-in for the online translation providers, on 127.0.0.1 only.

No machine here reaches Google or LibreTranslate, so the engine layer is tested against this
server, which speaks their protocols as deep-translator uses them: LibreTranslate's JSON API
(POST /translate) and Google's web endpoint (GET /m?q=…, answered with an HTML page). Each
request takes the next scripted fault, if any: a status code, a delay, or a malformed answer.
"""

from __future__ import annotations

import contextlib
import html
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeProvider:
    def __init__(self):
        self.faults: list[str] = []  # "429", "500", "slow", "malformed"; then healthy answers
        self.requests: list[str] = []
        self.delay = 2.0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # Google's web endpoint
                q = parse_qs(urlparse(self.path).query).get("q", [""])[0]
                provider.answer(self, q, lambda text: f'<html><body><div class="result-container">'
                                                      f'{html.escape(text)}</div></body></html>', "text/html; charset=utf-8")

            def do_POST(self):  # LibreTranslate
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                params = parse_qs(urlparse(self.path).query) or parse_qs(body)
                q = params.get("q", [""])[0]
                provider.answer(self, q, lambda text: json.dumps({"translatedText": text}), "application/json")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def translate(text: str) -> str:
        return f"EN[{text}]"

    def answer(self, handler, q: str, render, content_type: str) -> None:
        self.requests.append(q)
        fault = self.faults.pop(0) if self.faults else ""
        if fault == "slow":
            time.sleep(self.delay)
        if fault in ("429", "500", "503"):
            status, body = int(fault), "error"
        elif fault == "malformed":
            status, body = 200, "<html>{not what was asked" if content_type.startswith("text/html") else "{not json"
        else:
            status, body = 200, render(self.translate(q))
        data = body.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError):
            handler.wfile.write(data)

    def close(self) -> None:
        self.server.shutdown()
