"""How ``decode`` reads a code from the command line, and for which system.

:func:`read_code` is the one place that turns an argument into flags; the systems' converters
are looked up on the package by name, so that only ``decode --from`` loads the tables of codes
from other tools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, NamedTuple

if TYPE_CHECKING:
    from .. import CertProblem


class System(NamedTuple):
    """A system whose codes ``decode --from`` reads.

    Records of the command line are named tuples: they are made at every start, and a named
    tuple class is several times quicker to create than an attrs class.
    """

    #: Its name after ``--from``, and in JSON.
    name: str
    #: What its codes are called, in output and errors.
    label: str
    #: The base of a code written without 0x prefix or sign.
    base: int
    #: The public function (or class) of proxycert that takes its code (an unsigned 32-bit
    #: int) to the KB's flags.
    converter: str

    def convert(self, value: int) -> CertProblem:
        import proxycert

        function: Callable[[int], CertProblem] = getattr(proxycert, self.converter)
        return function(value)


SYSTEMS = {
    system.name: system
    for system in (
        System("outlook", "Outlook code", 16, "CertProblem"),
        System("winhttp", "WinHTTP error", 10, "from_winhttp_error"),
        System("hresult", "HRESULT", 16, "from_hresult"),
        System("openssl", "OpenSSL verify code", 10, "from_openssl_verify_code"),
        System("trust", "CERT_TRUST error status", 16, "from_cert_trust_status"),
    )
}


class Decoded(NamedTuple):
    """A code as ``decode`` read it: as written, in which base, and what it means."""

    text: str
    system: System
    base: int
    problems: CertProblem
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        from ._text import json_text

        return {
            "input": json_text(self.text),
            "from": self.system.name,
            "base": self.base,
            "code": int(self.problems),
            "code_hex": f"0x{int(self.problems):08X}",
            "flags": list(self.problems.names),
            "unknown_bits": self.problems.unknown_bits,
            "resolutions": [resolution.to_dict() for resolution in self.problems.resolutions],
            "notes": list(self.notes),
        }


def read_code(text: str, system: System, base: int | None) -> Decoded:
    """One code, read as ``decode --help`` says.

    :raises ProxyCertError: the code is malformed or unknown; the message names the input as
        the user wrote it.
    """
    from .. import InvalidCodeError, ProxyCertError, UnknownCodeError
    from .._errors import short_repr
    from .._numbers import base_as_written, read_uint32, unframe

    written = text.strip()
    # The one reader of codes, as decode() uses it: a frame such as "(Error Code 30)" is
    # dropped, and a 0x prefix or a sign says the base whatever --base or the system says.
    code = unframe(written)
    base = base_as_written(code, system.base if base is None else base)
    try:
        value = read_uint32(code, base)
        problems = system.convert(value)
    except InvalidCodeError as exc:
        raise ProxyCertError(
            f"invalid {system.label} {short_repr(written)}: {exc.reason}"
        ) from None
    except UnknownCodeError as exc:
        # A code read in decimal is shown as the library shows it too: an HRESULT in hex.
        also = f" ({exc.shown})" if base == 10 and exc.shown else ""
        raise ProxyCertError(
            f"unknown {exc.system} {short_repr(written)}{also}: {exc.expected}"
        ) from None
    notes = []
    if system.name == "trust":
        from .. import unmapped_cert_trust_bits

        # from_cert_trust_status() keeps quiet about the bits it ties to no flag; they are news.
        unmapped = unmapped_cert_trust_bits(value)
        if unmapped:
            notes.append(f"CERT_TRUST bits 0x{unmapped:08X} are tied to no flag")
    return Decoded(written, system, base, problems, tuple(notes))
