"""scan and scan_file hold no state between calls, run safely in many threads, and their results pickle.

That is what lets users fan work out: threads in one process, ``concurrent.futures`` and
``multiprocessing`` across processes, Dask or Spark across machines (all of which pickle what
they send).  Each test compares concurrent results with a serial run of the same inputs.
"""

from __future__ import annotations

import io
import multiprocessing
import pickle
import random
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from proxycert import ErrorMessage, MessageKind, MessageNotFoundError, parse, scan, scan_file

THREADS = 16
# How much scan_file reads at a time (a private detail, used only to place text around it).
CHUNK = 1 << 20


def _round_trip(value: Any, protocol: int = pickle.DEFAULT_PROTOCOL) -> Any:
    return pickle.loads(pickle.dumps(value, protocol))


def _texts(count: int, seed: int) -> list[str]:
    """Logs and pastes of every kind and language, with noise, mangling and near misses."""
    rng = random.Random(seed)
    noise = [
        "2026-11-03 09:12:44,123 INFO connecting to the proxy\n",
        "The proxy server's certificate was renewed last week.\n",
        "> quoted reply line\n",
        "<p>Some <b>HTML</b> &nbsp; around</p>\n",
        "\u30d7\u30ed\u30ad\u30b7\u306e\u8a2d\u5b9a\u3092\u78ba\u8a8d\u3057\u307e\u3059\u3002\n",
        "x" * 200 + "\n",
    ]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 12)):
            if rng.random() < 0.4:
                kind = rng.choice(list(MessageKind))
                message = ErrorMessage(
                    kind,
                    proxy_server=rng.choice([None, "mail.contoso.com", "[servername]"]),
                    target_site="owa.fabrikam.com"
                    if kind is MessageKind.TARGET_SITE_MISMATCH
                    else None,
                    code=rng.choice([None, 0x8, 0x10, 0x80000018, 0x108]),
                    language=rng.choice(["en", "ja"]),
                )
                text = message.render()
                if rng.random() < 0.3:
                    text = text.replace(". ", ".\n> ").replace("'", "\u2019")
                parts.append(text + "\n")
            else:
                parts.append(rng.choice(noise))
        texts.append("".join(parts))
    return texts


TEXTS = _texts(120, seed=923575)


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Make threads switch as often as the interpreter allows, so that races show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _scan_all(text: str) -> list[ErrorMessage]:
    return list(scan(text))


def test_the_corpus_holds_messages_of_every_kind_and_language() -> None:
    found = [m for text in TEXTS for m in scan(text)]
    assert {m.kind for m in found} == set(MessageKind)
    assert {m.language for m in found} == {"en", "ja"}
    assert any(not list(scan(text)) for text in TEXTS)


@pytest.mark.usefixtures("busy_switching")
def test_scan_in_many_threads_equals_a_serial_scan() -> None:
    serial = [_scan_all(text) for text in TEXTS]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        concurrent = list(pool.map(_scan_all, TEXTS * 4))
    assert concurrent == serial * 4


@pytest.mark.usefixtures("busy_switching")
def test_parse_in_many_threads_equals_a_serial_parse() -> None:
    def first(text: str) -> ErrorMessage | str:
        try:
            return parse(text)
        except MessageNotFoundError as error:
            return str(error)

    serial = [first(text) for text in TEXTS]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert list(pool.map(first, TEXTS * 3)) == serial * 3


def _write_logs(folder: Path) -> list[Path]:
    """Log files in each encoding scan_file detects, two of them larger than one read chunk."""
    # The first two are ASCII-compatible, so that the filler below is the same in them.
    encodings = ["utf-8", "cp1252", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]
    paths = []
    for number, text in enumerate(TEXTS[:24]):
        encoding = encodings[number % len(encodings)]
        if number < 2:
            # More than a megabyte (scan_file's chunk), so that reads and decodes interleave
            # between threads; the second copy of the text starts just before the first
            # chunk's end and straddles it.
            head = text.encode(encoding, "replace")
            line = b"2026-11-03 09:12:44 INFO nothing to see\n"
            filler = line * ((CHUNK - 50 - len(head)) // len(line))
            data = head + filler + text.encode(encoding, "replace") + filler
        else:
            data = text.encode(encoding, "replace")
        path = folder / f"{number:02}-{encoding}.log"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _scan_path(path: Path) -> list[ErrorMessage]:
    return list(scan_file(path))


def _scan_bytes(data: bytes) -> list[ErrorMessage]:
    return list(scan_file(io.BytesIO(data)))


@pytest.mark.usefixtures("busy_switching")
def test_scan_file_in_many_threads_equals_a_serial_scan(tmp_path: Path) -> None:
    paths = _write_logs(tmp_path)
    serial = [_scan_path(path) for path in paths]
    assert sum(map(len, serial)) > 30
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        by_path = list(pool.map(_scan_path, paths * 4))
        by_file_object = list(pool.map(_scan_bytes, [p.read_bytes() for p in paths] * 4))
    assert by_path == serial * 4
    assert by_file_object == serial * 4


def test_interleaved_scans_do_not_disturb_each_other(tmp_path: Path) -> None:
    # No state between calls: two scans advanced in turn give what each gives alone.
    paths = _write_logs(tmp_path)[:8]
    alone = [_scan_path(path) for path in paths]
    iterators = [scan_file(path) for path in paths] + [scan(TEXTS[0]), scan(TEXTS[1])]
    expected = [*alone, _scan_all(TEXTS[0]), _scan_all(TEXTS[1])]
    results: list[list[ErrorMessage]] = [[] for _ in iterators]
    active = set(range(len(iterators)))
    while active:
        for index in sorted(active):
            message = next(iterators[index], None)
            if message is None:
                active.discard(index)
            else:
                results[index].append(message)
    assert results == expected


def test_every_result_pickles_whole(tmp_path: Path) -> None:
    found = [m for text in TEXTS for m in scan(text)]
    found += [m for path in _write_logs(tmp_path)[2:8] for m in scan_file(path)]
    assert {m.line is None for m in found} == {True, False}  # from scan, and from scan_file
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        clones = _round_trip(found, protocol)
        assert clones == found
        assert [c.to_dict() for c in clones] == [m.to_dict() for m in found]
        assert [c.resolutions for c in clones] == [m.resolutions for m in found]


def test_results_and_errors_cross_process_boundaries() -> None:
    # "spawn" starts clean interpreters that unpickle what they get, as Windows and macOS
    # always do; results and errors come back pickled too.
    context = multiprocessing.get_context("spawn")
    texts = [text for text in TEXTS[:20] if list(scan(text))]
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        assert list(pool.map(parse, texts)) == [parse(text) for text in texts]
        with pytest.raises(MessageNotFoundError) as info:
            pool.submit(parse, "Outlook is working fine.").result()
    assert info.value.text == "Outlook is working fine."
