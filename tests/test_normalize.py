"""The normaliser: what it folds, and that every offset maps back into the caller's text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proxycert._normalize import _SPACE_LIKE, normalize


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("a  b", "a  b"),  # plain spaces stay: the grammar takes any number
        ("a \n  b", "a \n  b"),  # line breaks stay, for the grammar to see blank lines
        ("a\r\n\r\n\tb", "a \n \n b"),  # one for one: offsets need no record
        ("a\u00a0b", "a b"),
        ("a &nbsp; b", "a b"),
        ("a\n> b\n>> c", "a\n b\n c"),
        ("a\n> \n> b", "a\n\n\nb"),  # a quoted blank line is a blank line
        ("a\n>\n>> b", "a\n\n\nb"),
        ("a <b>\n\n</b> b", "a \n\nb"),
        # <cut> and <snip> are the sender's placeholders for a cut, not markup: they stay.
        ("a\n<cut>\nb", "a\n<cut>\nb"),
        ("a <snip><br> b", "a <snip> b"),
        ("a<o:p></o:p><x-y>b", "a b"),
        (">quoted", "quoted"),
        ("a > b", "a b"),  # a ">" after white space reads as a quote marker
        ("a>b", "a>b"),
        ("<b>proxy</b> server", "proxy server"),
        ("security<br/>certificate", "security certificate"),
        ("<p>a</p><p>b</p>", " a b "),
        ("server&#39;s server&rsquo;s server’s server‘s", "server's server's server's server's"),
        ("&ldquo;x&rdquo; “y”", '"x" "y"'),
        ("a &amp; b &hellip;", "a & b …"),
        ("&unknownentity; &foo; &#x1F600;", "&unknownentity; &foo; \U0001f600"),
        ("**bold** `code`", "bold code"),
        ("（１０）", "(１０)"),
        ("<" + "a" * 300 + ">", "<" + "a" * 300 + ">"),  # too long for a tag: left alone
        ("a &#32; b", "a b"),
    ],
)
def test_folds(text: str, normal: str) -> None:
    assert normalize(text).text == normal


def test_space_like_is_every_white_space_but_the_plain_space_and_the_line_feed() -> None:
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()} - {" ", "\n"}
    assert set(_SPACE_LIKE) == every


def test_offsets_inside_a_replacement() -> None:
    region = normalize("a<p>b")
    assert region.text == "a b"
    assert (region.original_start(1), region.original_end(2)) == (1, 4)


def test_a_region_maps_into_the_whole_text() -> None:
    text = "0123456789 <b>ab</b>  cd"
    region = normalize(text, 10, len(text))
    assert region.text == " ab cd"
    assert region.original_start(0) == 10
    assert region.original_start(1) == 14
    assert region.original_end(3) == 16
    assert text[region.original_start(4) : region.original_end(6)] == "cd"


@given(st.text(alphabet=" \n\t>ab<&;#39/p*'’\u00a0", max_size=60), st.data())
def test_offsets_map_back(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    region = normalize(text, start)
    previous = start
    for i, char in enumerate(region.text):
        origin = region.original_start(i)
        assert start <= origin < len(text)
        assert origin >= previous
        previous = origin
        if char.isalnum():
            assert text[origin] == char
    for i in range(len(region.text) + 1):
        end = region.original_end(i)
        assert start <= end <= len(text)


@given(st.text(alphabet=" \n\t>ab<&;#39/p*'’\u00a0cut:", max_size=60), st.data())
def test_the_copy_is_never_longer_than_the_original(text: str, data: st.DataObject) -> None:
    # The scanner compares positions in the copy with lengths of the original.
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert len(normalize(text, start).text) <= len(text) - start


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        # "| " quote markers, alone or mixed with ">" (issue 10, item 7).
        ("a\n| b\n|| c", "a\n b\n c"),
        ("a\n> | b\n| > c", "a\n b\n c"),
        ("|quoted", "quoted"),
        ("a|b", "a|b"),
        # A host cut at a dot by a quoted line break is joined; a sentence's end is not.
        ("mail.contoso.\n> com. The", "mail.contoso.com. The"),
        ("mail.contoso.\r\n>> | co.uk", "mail.contoso.co.uk"),
        ("mail.contoso.com.\n> The", "mail.contoso.com.\n The"),
        ("the site.\n> outlook", "the site.\n outlook"),
        ("mail.contoso. > com", "mail.contoso. com"),
        ("MAIL.CONTOSO.\n> COM", "MAIL.CONTOSO.\n COM"),
        # Nor is one across a blank line (issue 12, finding 2).
        ("mail.contoso.\n\n> com", "mail.contoso.\n\n com"),
        ("mail.contoso.\n>\n> com", "mail.contoso.\n\n\ncom"),
    ],
)
def test_quote_markers_and_broken_hosts(text: str, normal: str) -> None:
    assert normalize(text).text == normal


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        # A prefix that repeats at the start of the next line is noise there (issue 10, item 7).
        (
            "2026-11-03 09:12:44,123 ERROR [Outlook] There is\n"
            "2026-11-03 09:12:44,123 ERROR [Outlook] a problem",
            "2026-11-03 09:12:44,123 ERROR [Outlook] There is\n"
            "                                        a problem",
        ),
        ("[12:00] a\n[12:00] b\n[12:00] c", "[12:00] a\n        b\n        c"),
        ("outlook: INFO | a\r\noutlook: INFO | b", "outlook: INFO a \n                b"),
        # Prefixes that differ, or words that are not a log's, stay.
        ("[12:00] a\n[12:01] b", "[12:00] a\n[12:01] b"),
        ("There is a\nThere is b", "There is a\nThere is b"),
        ("ERROR There\nERROR is", "ERROR There\n      is"),
    ],
)
def test_repeated_log_prefixes(text: str, normal: str) -> None:
    assert normalize(text).text == normal


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        # Tags with quoted values, processing instructions and comments are markup.
        ('<?xml version="1.0"?>a<!-- c -->b', " a b"),
        ('<span style="color:rgb(1,2,3)">a</span>', "a"),
        ("<font face='Calibri'>a</font>", "a"),
        # Text in angle brackets is not: an apostrophe or parenthesis outside quotes, or a
        # "<?" that no "?>" ends.
        ("<a server's b> c", "<a server's b> c"),
        ("<a (8) b> c", "<a (8) b> c"),
        ("<? a> c", "<? a> c"),
        ('<a "b c"> d', '<a "b c"> d'),
    ],
)
def test_what_counts_as_a_tag(text: str, normal: str) -> None:
    assert normalize(text).text == normal
