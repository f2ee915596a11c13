"""Coverage-guided fuzzing of ``scan`` and ``parse``: any text, and only documented outcomes.

Run by ``make fuzz`` (see ``fuzz/run.sh``); by hand::

    .venv-fuzz/bin/python fuzz/fuzz_scan.py -max_total_time=60 fuzz/corpus/scan fuzz/seeds/text

The fuzzer's bytes are decoded as UTF-8 with ``surrogateescape``, so that the seeds and the
dictionary (``fuzz/proxycert.dict``) are plain text and any other byte still reaches ``scan``
as a lone surrogate.  Each input must:

* scan without any exception, into messages in order of appearance whose spans index the text;
* give results that pickle, turn into JSON and render back to text;
* parse to the first of those messages, or raise ``MessageNotFoundError`` (and only then).
"""

from __future__ import annotations

import json
import pickle
import sys

import atheris

with atheris.instrument_imports():
    from proxycert import ErrorMessage, MessageNotFoundError, parse, scan


def expect(condition: object, *detail: object) -> None:
    """An assertion that ``python -O`` keeps: a failure is a finding."""
    if not condition:
        raise AssertionError(*detail)


def check_messages(text: str, messages: list[ErrorMessage]) -> None:
    """What every scan result must satisfy, whatever the text."""
    previous = 0
    for message in messages:
        expect(message.span is not None, message)
        start, end = message.span
        expect(previous <= start < end <= len(text), (message.span, len(text)))
        previous = start
        expect(pickle.loads(pickle.dumps(message)) == message)  # noqa: S301 - our own bytes
        json.dumps(message.to_dict())
        message.render()
        message.resolutions  # noqa: B018 - a property that must not raise


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")
    messages = list(scan(text))
    check_messages(text, messages)
    try:
        first = parse(text)
    except MessageNotFoundError as error:
        expect(not messages, messages)
        expect(error.text is text)
    else:
        expect(messages, first)
        expect(first == messages[0], (first, messages[0]))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
