"""Coverage-guided fuzzing of ``scan_file``: any bytes, and only documented outcomes.

Run by ``make fuzz`` (see ``fuzz/run.sh``); by hand::

    .venv-fuzz/bin/python fuzz/fuzz_scan_file.py -max_total_time=60 fuzz/corpus/scan_file \\
        fuzz/corpus/seeds-bytes

The first two bytes choose a chunk size; the rest is the file.  Each input must:

* scan from a binary file object, with the encoding detected, without any exception, into
  messages in order with 1-based lines and columns, which pickle and turn into JSON;
* when the text holds a message: repeated past the length that ``scan_file`` keeps between
  chunks and read in small chunks as UTF-8, give exactly the messages that ``scan`` finds in the
  whole decoded text, with the line and column of each.  This is what reading a file of any
  size in pieces promises.
"""

from __future__ import annotations

import io
import json
import pickle
import sys

import atheris

with atheris.instrument_imports():
    import attrs

    import proxycert._scan as scan_module
    from proxycert import ErrorMessage, scan, scan_file

# Chunk sizes that split multi-byte characters and stay few per input (each chunk rescans the
# part that scan_file keeps, so tiny chunks cost more than they find).
CHUNKS = (509, 1021, 2048, 4093)
DEFAULT_CHUNK = scan_module._CHUNK_BYTES


def expect(condition: object, *detail: object) -> None:
    """An assertion that ``python -O`` keeps: a failure is a finding."""
    if not condition:
        raise AssertionError(*detail)


def check_file_messages(messages: list[ErrorMessage]) -> None:
    previous = 0
    for message in messages:
        expect(message.span is not None and message.line is not None, message)
        expect(message.column is not None and message.line >= 1 and message.column >= 1, message)
        start, end = message.span
        expect(previous <= start < end, (previous, message.span))
        previous = start
        expect(pickle.loads(pickle.dumps(message)) == message)  # noqa: S301 - our own bytes
        json.dumps(message.to_dict())


def where(text: str, start: int) -> tuple[int, int]:
    """1-based line and column of *start* in *text*."""
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def test_one_input(data: bytes) -> None:
    chunk = CHUNKS[data[0] % len(CHUNKS)] if data else DEFAULT_CHUNK
    body = data[2:]
    scan_module._CHUNK_BYTES = DEFAULT_CHUNK
    check_file_messages(list(scan_file(io.BytesIO(body))))

    if not any(True for _ in scan(body.decode("utf-8", "replace"))):
        return
    times = (2 * scan_module._KEEP + 1000) // max(len(body), 1) + 2
    blob = body * times
    text = blob.decode("utf-8", "replace")
    expected = [
        attrs.evolve(message, line=line, column=column)
        for message in scan(text)
        for line, column in [where(text, message.span[0] if message.span else 0)]
    ]
    scan_module._CHUNK_BYTES = chunk
    try:
        found = list(scan_file(io.BytesIO(blob), encoding="utf-8"))
    finally:
        scan_module._CHUNK_BYTES = DEFAULT_CHUNK
    expect(found == expected, (chunk, len(blob), found[:3], expected[:3]))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
