"""Machine translation engines (deep-translator) and the loop that fills the memory with drafts.

Online providers are reachable from a maintainer's laptop or GitHub's runners, never from the
build: the build reads only the committed memory. Every call gets a timeout, a rate limit, and
retries with exponential backoff on timeouts, 429 and 5xx (deep-translator reports every failed
Google or MyMemory request alike, so those are all retried); the memory is saved after every
batch, so an interrupted run loses nothing and the next run resumes where it stopped. Entries
failing in a row stop the run: a provider that is down costs minutes, not hours.

deep-translator sets no timeout on its requests, so each call runs in a thread we stop waiting
for; a request that times out may still reach the provider, and is sent again on retry.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

import polib
import requests
from deep_translator import DeeplTranslator, GoogleTranslator, LibreTranslator, MicrosoftTranslator, MyMemoryTranslator
from deep_translator.base import BaseTranslator
from deep_translator.exceptions import RequestError, ServerException, TooManyRequests
from tqdm import tqdm

from ..glossary import Glossary
from .translation import MACHINE

ENGINES = ("google", "mymemory", "libre", "deepl", "microsoft", "none", "auto")
KEYS = {"deepl": "DEEPL_API_KEY", "microsoft": "MICROSOFT_API_KEY", "libre": "LIBRE_API_KEY"}
# ServerException names for 429, 500, 503, and any other status it has no name for (502, 504 …)
RETRY_SERVER_ERRORS = {"ERR_TOO_MANY_REQUESTS", "ERR_INTERNAL_SERVER_ERROR", "ERR_SERVICE_NOT_AVAIBLE", "API server error"}


class EngineError(Exception):
    """A provider failed for good: after the retries, or with an answer that cannot be used.

    Its message never holds an API key: providers and libraries echo request URLs and headers.
    """

    def __init__(self, message: str):
        super().__init__(redact(message))


def redact(text: str) -> str:
    """The text with every API key of the environment replaced by ***."""
    for name in KEYS.values():
        secret = os.environ.get(name, "")
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_answer(answer: str) -> str:
    """An engine's answer as plain text for the memory: control characters (NUL, ESC …) removed.
    Markup stays as text: every page escapes what the memory holds."""
    return _CONTROL.sub("", answer).strip()


class Retryable(Exception):
    pass


def resolve_engine(configured: str) -> str:
    """`auto`: a key-based engine whose key the environment holds (a repository secret in the
    workflow), else Google's keyless web endpoint."""
    if configured != "auto":
        return configured
    return next((name for name in ("deepl", "microsoft") if os.environ.get(KEYS[name])), "google")


@dataclass
class Settings:
    engine: str = "none"
    base_url: str = ""  # a self-hosted LibreTranslate, or a stand-in server for Google's web endpoint
    batch_size: int = 20
    requests_per_second: float = 1.0
    timeout: float = 20.0
    retries: int = 5
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    glossary_mode: str = "substitute"  # substitute approved renderings before sending, or only "check" after
    give_up_after: int = 3  # entries failing in a row before the run stops (a provider that is down)
    lang: str = "en"  # the target language: a translated edition's `target`

    def __post_init__(self) -> None:
        self.engine = resolve_engine(self.engine)
        if self.engine not in ENGINES:
            raise EngineError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.glossary_mode not in ("substitute", "check"):
            raise EngineError(f"glossary_mode must be substitute or check, not {self.glossary_mode!r}")


REGIONAL = {"en": "en-GB"}  # where a provider takes a regional variant: British spelling, as the glossary's


def make_translator(settings: Settings) -> BaseTranslator:
    """The deep-translator object for the configured provider; API keys come from the environment only."""
    name = settings.engine
    if name in KEYS and not os.environ.get(KEYS[name]) and not (name == "libre" and settings.base_url):
        raise EngineError(f"engine {name!r} needs the environment variable {KEYS[name]}")
    if name == "google":
        translator = GoogleTranslator(source="zh-CN", target=settings.lang)
        if settings.base_url:
            translator._base_url = settings.base_url  # deep-translator's endpoint, overridable for a stand-in
        return translator
    if name == "mymemory":
        return MyMemoryTranslator(source="zh-CN", target=REGIONAL.get(settings.lang, settings.lang))
    if name == "libre":  # deep-translator joins its path to the URL without a slash: give it one
        url = settings.base_url.rstrip("/") + "/" if settings.base_url else None
        return LibreTranslator(source="zh", target=settings.lang, api_key=os.environ.get(KEYS["libre"], "-"),
                               custom_url=url, use_free_api=not settings.base_url)
    if name == "deepl":
        return DeeplTranslator(source="zh", target=REGIONAL.get(settings.lang, settings.lang), api_key=os.environ[KEYS["deepl"]], use_free_api=True)
    if name == "microsoft":
        return MicrosoftTranslator(source="zh-Hans", target=settings.lang, api_key=os.environ[KEYS["microsoft"]],
                                   region=os.environ.get("MICROSOFT_REGION"))
    raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


def _call_with_timeout(func: Callable[[], str], timeout: float) -> str:
    """deep-translator sets no timeout on its requests; a slow provider must not hang a run."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = func()
        except BaseException as error:  # handed to the caller's thread
            result["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise Retryable(f"no answer within {timeout:g} s")
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]  # type: ignore[return-value]


class Engine:
    """One provider with a rate limit and retries."""

    def __init__(self, settings: Settings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.translator = make_translator(settings)
        self.sleep = sleep
        self.last_call = 0.0

    def translate(self, text: str) -> str:
        s = self.settings
        delay = s.backoff
        for attempt in range(s.retries + 1):
            wait = self.last_call + 1 / s.requests_per_second - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self.last_call = time.monotonic()
            try:
                answer = _call_with_timeout(lambda: self.translator.translate(text), s.timeout)
            except (Retryable, TooManyRequests, RequestError, requests.ConnectionError, requests.Timeout) as error:
                problem = str(error) or type(error).__name__
            except ServerException as error:  # deep-translator keeps only a name for the status code
                if str(error) not in RETRY_SERVER_ERRORS:
                    raise EngineError(f"{s.engine}: {error}") from None
                problem = str(error)
            except (ValueError, KeyError, TypeError) as error:  # malformed answer: JSON, fields
                raise EngineError(f"{s.engine}: malformed answer ({type(error).__name__}: {error})") from None
            except Exception as error:  # deep-translator's own "not found" and friends
                raise EngineError(f"{s.engine}: {type(error).__name__}: {error}") from None
            else:
                if not isinstance(answer, str) or not answer.strip():
                    raise EngineError(f"{s.engine}: empty answer")
                return answer
            if attempt == s.retries:
                raise EngineError(f"{s.engine}: gave up after {s.retries + 1} attempts ({problem})")
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


def protect(text: str, glossary: Glossary | None) -> str:
    """Put each glossary term's approved English into the Chinese before it goes to the engine."""
    if glossary is None:
        return text
    out, pos = [], 0
    for m in glossary.find(text):
        out += [text[pos:m.start], f" {m.term.en} "]
        pos = m.end
    return "".join(out + [text[pos:]])


def needs_machine_draft(entry: polib.POEntry) -> bool:
    """An entry with no English, or a machine draft of Chinese that has since changed. A person's
    work (a team draft or a reviewed entry) is never overwritten: when its Chinese changes it
    waits for a person, and the site shows the Chinese meanwhile."""
    if entry.obsolete:
        return False
    return not entry.msgstr or bool(entry.previous_msgid) and entry.tcomment.startswith(MACHINE)


def engine_name(settings: Settings) -> str:
    """The engine and the library version that reached it: google (deep-translator 1.11.4)."""
    return f"{settings.engine} (deep-translator {version('deep-translator')})"


def provenance(settings: Settings) -> str:
    """Who wrote a draft, and when: the translator comment of a machine draft."""
    return f"{MACHINE} {engine_name(settings)}, {date.today().isoformat()}"


def translate_missing(po: polib.POFile, name: str, engine: Engine, glossary: Glossary | None, progress: bool = True,
                      limit: int | None = None, after_batch: Callable[[], object] = lambda: None) -> tuple[list[polib.POEntry], list[str]]:
    """Fill what needs a machine draft (see `needs_machine_draft`) as fuzzy drafts with their
    provenance, calling `after_batch` (a save, for a run that resumes) after every batch.
    Returns (the entries filled, failures)."""
    todo = [e for e in po if needs_machine_draft(e)][:limit]
    s = engine.settings
    written = provenance(s)
    filled: list[polib.POEntry] = []
    failures: list[str] = []
    in_a_row = 0
    bar = tqdm(total=len(todo), desc=name, unit="entry", disable=not progress)
    for start in range(0, len(todo), s.batch_size):
        for entry in todo[start:start + s.batch_size]:
            source = protect(entry.msgid, glossary) if s.glossary_mode == "substitute" else entry.msgid
            try:
                answer = clean_answer(engine.translate(source))
                if not answer:
                    raise EngineError(f"{s.engine}: an answer with no text in it")
            except EngineError as error:
                failures.append(f"{entry.msgctxt}: {error}")
                in_a_row += 1
            else:
                entry.msgstr, entry.previous_msgid, entry.tcomment = answer, None, written
                entry.flags = sorted(set(entry.flags) | {"fuzzy"})
                filled.append(entry)
                in_a_row = 0
            bar.update(1)
            if in_a_row >= s.give_up_after:
                break
        after_batch()
        if in_a_row >= s.give_up_after:
            failures.append(f"stopped after {in_a_row} failures in a row")
            break
    bar.close()
    return filled, failures
