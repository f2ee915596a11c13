"""The template notation's compiler: what it refuses."""

from __future__ import annotations

import pytest

from proxycert import MessageKind
from proxycert._grammar import Grammar
from proxycert._languages import ENGLISH, LANGUAGES, Language


def test_unbalanced_template_is_refused() -> None:
    with pytest.raises(ValueError, match="unbalanced brackets in template"):
        Grammar(ENGLISH._replace(headers=("There is [a problem",)))


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.tag)
def test_every_language_renders_every_kind(language: Language) -> None:
    assert set(language.renderings) == set(MessageKind)
    assert set(language.code_format) == set(MessageKind)
    assert {kind for kind, _ in language.bodies} == set(MessageKind) - {MessageKind(1)}


def test_a_header_alone_comes_last_when_titles_are_asked_for() -> None:
    # A header with no tail yet, at the end of a reading that stops short: with titles, the
    # match of the header alone comes last (kind None), so that the scanner reads further.
    grammar = Grammar(ENGLISH)
    header = "there is a problem with the proxy server's security certificate, a.example."
    text = header + " [snip]"
    assert list(grammar.matches(text)) == []
    (title,) = grammar.matches(text, titles=True)
    assert (title.kind, title.start, title.end, title.proxies) == (None, 0, len(header), [])
    # A header alone before a message is a title, never given.
    message = header + " outlook is unable to connect to this server. (8)"
    assert [m.kind for m in grammar.matches(f"{text}\n{message}", titles=True)] == [
        MessageKind.CERTIFICATE_PROBLEM
    ]
