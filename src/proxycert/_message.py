"""One error message found in text: what it says, where it stands, and what to do."""

from __future__ import annotations

import sys
from typing import Any

import attrs

from ._errors import InvalidCodeError, short_repr
from ._flags import CertProblem, decode
from ._kb import MessageKind, Resolution, to_kind
from ._languages import LANGUAGES
from ._numbers import UINT32_MAX
from ._public import public

__all__ = ["ErrorMessage"]

_RENDERERS = {language.tag: language for language in LANGUAGES}


def _check_code(instance: object, attribute: object, code: int | None) -> None:
    # The first test is the common case, cheap enough for a scan of a million messages.
    if code is None or (type(code) is int and 0 <= code <= UINT32_MAX):
        return
    value: object = code  # annotations do not bind callers: any type may come here
    if isinstance(value, str):
        # A code as text has a base to choose, and a frame to drop: decode() knows both.
        raise TypeError(
            "code must be an int, not str: read the text with decode() first,"
            " as in code=int(decode(text))"
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"code must be an int, not {type(value).__name__}")
    if not 0 <= value <= UINT32_MAX:
        raise InvalidCodeError(value, "expected an unsigned 32-bit value, from 0 to 0xFFFFFFFF")


def _check_language(instance: object, attribute: object, value: str) -> None:
    if value not in _RENDERERS:
        raise ValueError(
            f"language must be one of {', '.join(map(repr, _RENDERERS))}, not {short_repr(value)}"
        )


def _check_text(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str or None, not {type(value).__name__}")


def _check_notes(instance: object, attribute: object, value: object) -> None:
    if type(value) is not tuple or not all(isinstance(note, str) for note in value):
        raise TypeError(f"notes must be a tuple of str, not {short_repr(value)}")


def _check_span(instance: object, attribute: object, value: Any) -> None:
    if value is None:
        return
    if type(value) is not tuple or len(value) != 2 or not all(type(n) is int for n in value):
        raise TypeError(f"span must be a tuple of two ints or None, not {type(value).__name__}")
    if not 0 <= value[0] <= value[1] <= sys.maxsize:
        raise ValueError(
            f"span must be a pair of offsets, 0 <= start <= end <= {sys.maxsize}, not"
            f" ({short_repr(value[0])}, {short_repr(value[1])})"
        )


def _check_position(
    instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    # Line and column count from 1; like offsets, they cannot pass sys.maxsize.
    if value is None:
        return
    name = attribute.name
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {short_repr(value)}")
    if value > sys.maxsize:
        raise ValueError(f"{name} must be at most {sys.maxsize}, not {short_repr(value)}")


@public
@attrs.frozen(repr=False)
class ErrorMessage:
    """One of KB 923575's four error messages, as found in a text.

    Build one with :func:`proxycert.parse` or :func:`proxycert.scan`, or directly to render a
    message.

    :ivar kind: which of the four messages it is.
    :ivar proxy_server: the RPC proxy server name (Outlook profile property ``001f6622``), or
        ``None`` when the text names none or only the KB's ``%s`` placeholder.
    :ivar target_site: the target site of message 4, or ``None``.
    :ivar code: the error code, or ``None`` when the text carries none, only a placeholder,
        or one that cannot be read as a 32-bit code (hexadecimal, or as ``0x`` or a sign says;
        ``1O`` from OCR is none, and a note then quotes it).
    :ivar code_text: the code as printed (``"10"``, ``"0x00000008"``), or ``None``.
    :ivar span: ``(start, end)`` offsets of the message in the caller's string.
    :ivar notes: what the text breaks of the KB's expectations, or left uncertain.
    :ivar language: ``"en"`` or ``"ja"``.
    :ivar line: 1-based line of the message's start (set by :func:`proxycert.scan_file`).
    :ivar column: 1-based column of the message's start (set by :func:`proxycert.scan_file`).
    :ivar source: where in the file the message stands, when the file holds more than one
        text: a zip member (``"logs/outlook.log"``) or a mail part (``"part 1.2 (text/html)"``),
        nested ones joined with ``!`` (set by :func:`proxycert.scan_file`; ``None`` for a file
        of plain or compressed text).
    :raises UnknownMessageKindError: *kind* is not 1 to 4.
    :raises InvalidCodeError: *code* is not an unsigned 32-bit value.
    :raises ValueError: *language* is not one proxycert knows; *span* is not
        ``0 <= start <= end``, or *line* or *column* is less than 1 (none may pass
        ``sys.maxsize``).
    :raises TypeError: a field is of the wrong type: *kind* not a :class:`MessageKind` or an
        ``int``; *code* not an ``int`` (a ``str`` is refused: :func:`proxycert.decode` reads
        one); the names, *code_text* and *source* not ``str`` or ``None``; *notes* not a
        ``tuple`` of ``str``; *span* not a ``tuple`` of two ``int``; *line* or *column* not an
        ``int``.

    >>> message = ErrorMessage(MessageKind.UNTRUSTED_CA, proxy_server="mail.contoso.com", code=8)
    >>> message.render()
    "There is a problem with the proxy server's security certificate, mail.contoso.com. The security certificate is not from a trusted certifying authority. Outlook is unable to connect to this server. (8)"
    >>> message.resolution.title
    'Install the trusted root certificate'
    """

    kind: MessageKind = attrs.field(converter=to_kind)
    proxy_server: str | None = attrs.field(default=None, validator=_check_text)
    target_site: str | None = attrs.field(default=None, validator=_check_text)
    code: int | None = attrs.field(default=None, validator=_check_code)
    code_text: str | None = attrs.field(default=None, validator=_check_text)
    span: tuple[int, int] | None = attrs.field(default=None, validator=_check_span)
    notes: tuple[str, ...] = attrs.field(default=(), validator=_check_notes)
    language: str = attrs.field(default="en", validator=_check_language)
    line: int | None = attrs.field(default=None, validator=_check_position)
    column: int | None = attrs.field(default=None, validator=_check_position)
    source: str | None = attrs.field(default=None, validator=_check_text)

    @property
    def problems(self) -> CertProblem | None:
        """The code as :class:`CertProblem` flags, or ``None`` when there is no code.

        >>> ErrorMessage(MessageKind.NAME_MISMATCH, code=0x10).problems.names
        ('FLAG_CERT_CN_INVALID',)
        """
        return None if self.code is None else decode(self.code)

    @property
    def resolution(self) -> Resolution:
        """The resolution KB 923575 gives for this message's kind.

        >>> ErrorMessage(MessageKind.TARGET_SITE_MISMATCH).resolution
        <Resolution.DISABLE_ADD_INS: 3>
        """
        return self.kind.resolution

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        """The KB's resolution for the kind first, then any others the code's flags point to.

        The second part is our inference (see :attr:`CertProblem.resolutions`), not the KB's.

        >>> ErrorMessage(MessageKind.NAME_MISMATCH, code=0x18).resolutions
        (<Resolution.EXAMINE_CERTIFICATE: 1>, <Resolution.INSTALL_TRUSTED_ROOT: 2>)
        """
        found = [self.resolution]
        if self.problems is not None:
            found.extend(r for r in self.problems.resolutions if r is not self.resolution)
        return tuple(found)

    @property
    def where_to_look(self) -> str:
        """A short, factual hint on where the names in this kind of message come from.

        >>> ErrorMessage(MessageKind.NAME_MISMATCH).where_to_look.split(":")[0]
        'The server name in this message is Outlook profile property 001f6622, PR_ROH_PROXY_SERVER'
        """
        from ._profile import where_to_look  # its tables load on first use

        return where_to_look(self.kind)

    def to_dict(self) -> dict[str, Any]:
        """The message as a JSON-ready ``dict``; its keys are a stable interface.

        ``resolution`` is the number of the KB's resolution for the kind; ``resolutions`` holds
        that one first, then those the flags point to, each as :meth:`Resolution.to_dict`
        (number, title, steps and likely causes).

        >>> ErrorMessage(MessageKind.NAME_MISMATCH, "mail.contoso.com", code=0x10).to_dict()["flags"]
        ['FLAG_CERT_CN_INVALID']
        """
        problems = self.problems
        return {
            "kind": int(self.kind),
            "kind_name": self.kind.name,
            "language": self.language,
            "proxy_server": self.proxy_server,
            "target_site": self.target_site,
            "code": self.code,
            "code_text": self.code_text,
            "code_hex": None if self.code is None else f"0x{self.code:08X}",
            "flags": [] if problems is None else list(problems.names),
            "unknown_bits": 0 if problems is None else problems.unknown_bits,
            "resolution": int(self.resolution),
            "resolutions": [resolution.to_dict() for resolution in self.resolutions],
            "notes": list(self.notes),
            "where_to_look": self.where_to_look,
            "span": None if self.span is None else list(self.span),
            "line": self.line,
            "column": self.column,
            "source": self.source,
        }

    def render(self) -> str:
        """The message as Outlook prints it, in :attr:`language`.

        ``parse(message.render())`` gives back the same kind, names and code.  Messages 1 to 3
        name the proxy server after ``certificate,`` as the KB does; message 4 names it after
        ``connect to the proxy server``, before the code, as Outlook 2013 and later do (after
        ``certificate,`` when there is no code).

        >>> ErrorMessage(4, target_site="outlook.office365.com", code=0).render()[-42:]
        'connect to the proxy server (Error Code 0)'
        """
        language = _RENDERERS[self.language]
        code_text = self.code_text
        if code_text is None and self.code is not None:
            code_text = f"{self.code:X}"
        # Outlook 2013 and later print the proxy name before the code; without a code, the
        # KB's place after "certificate," is the one that reads back unambiguously.
        in_tail = self.kind in language.tail_proxy_kinds and code_text is not None
        header_proxy = None if in_tail else self.proxy_server
        tail_proxy = self.proxy_server if in_tail else None
        return language.renderings[self.kind].format(
            comma_proxy="" if header_proxy is None else f", {header_proxy}",
            spaced_proxy="" if header_proxy is None else f" {header_proxy} ",
            space_proxy="" if tail_proxy is None else f" {tail_proxy}",
            target="" if self.target_site is None else self.target_site,
            code="" if code_text is None else language.code_format[self.kind].format(code_text),
        )

    def __repr__(self) -> str:
        # Reads like the call that builds it, leaving out what is at its default.
        parts = [f"MessageKind.{self.kind.name}"]
        for field in attrs.fields(ErrorMessage)[1:]:
            value = getattr(self, field.name)
            if value != field.default:
                parts.append(f"{field.name}={value!r}")
        return f"ErrorMessage({', '.join(parts)})"


_new = object.__new__
# The slots' own setters: a frozen class refuses setattr, and object.__setattr__ looks each
# name up again, which measured a quarter more per message than these.
(
    _set_kind,
    _set_proxy_server,
    _set_target_site,
    _set_code,
    _set_code_text,
    _set_span,
    _set_notes,
    _set_language,
    _set_line,
    _set_column,
    _set_source,
) = (vars(ErrorMessage)[field.name].__set__ for field in attrs.fields(ErrorMessage))


def trusted_message(  # noqa: PLR0917 - one caller, on the hot path of a scan
    kind: MessageKind,
    proxy_server: str | None,
    target_site: str | None,
    code: int | None,
    code_text: str | None,
    span: tuple[int, int],
    notes: tuple[str, ...],
    language: str,
) -> ErrorMessage:
    """An ErrorMessage from the scanner's own, already valid, values, without validation.

    A scan of a log can build a million messages; the converters and validators of the
    public constructor would be a third of its time.  test_message.py checks that the two agree
    (test_scanned_messages_equal_messages_built_by_the_public_constructor).
    """
    message: ErrorMessage = _new(ErrorMessage)
    _set_kind(message, kind)
    _set_proxy_server(message, proxy_server)
    _set_target_site(message, target_site)
    _set_code(message, code)
    _set_code_text(message, code_text)
    _set_span(message, span)
    _set_notes(message, notes)
    _set_language(message, language)
    _set_line(message, None)
    _set_column(message, None)
    _set_source(message, None)
    return message
