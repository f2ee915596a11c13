"""Decode Outlook's "There is a problem with the proxy server's security certificate" errors.

proxycert reads the four error messages of Microsoft KB 923575 out of pasted text, decodes
their certificate-problem code into flags, and gives the KB's resolution.  It never touches
the network.

>>> import proxycert
>>> message = proxycert.parse(
...     "There is a problem with the proxy server's security certificate, mail.contoso.com. "
...     "Outlook is unable to connect to this server. (10)"
... )
>>> message.proxy_server, message.problems.names
('mail.contoso.com', ('FLAG_CERT_CN_INVALID',))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import (
    CertificateLoadError,
    ContainerError,
    ExpansionLimitError,
    InvalidCodeError,
    MessageNotFoundError,
    ProxyCertError,
    UnknownCodeError,
    UnknownMessageKindError,
)
from ._flags import CertProblem, decode
from ._kb import MessageKind, Resolution, resolution_for

if TYPE_CHECKING:
    from ._crossref import (
        from_cert_trust_status,
        from_hresult,
        from_openssl_verify_code,
        from_ssl_error,
        from_winhttp_error,
        unmapped_cert_trust_bits,
    )
    from ._crossref_tables import RelatedCode
    from ._files import parse_file, scan_file
    from ._message import ErrorMessage
    from ._profile import (
        GLOBAL_PROFILE_SECTION,
        PR_ROH_FLAGS,
        PR_ROH_PROXY_AUTH_SCHEME,
        PR_ROH_PROXY_PRINCIPAL_NAME,
        PR_ROH_PROXY_SERVER,
        PROFILE_REGISTRY_ROOTS,
        ProfileProperty,
        ProfileRegistryRoot,
        where_to_look,
    )
    from ._scan import parse, scan

__version__ = "0.1.0"

__all__ = [
    "GLOBAL_PROFILE_SECTION",
    "PROFILE_REGISTRY_ROOTS",
    "PR_ROH_FLAGS",
    "PR_ROH_PROXY_AUTH_SCHEME",
    "PR_ROH_PROXY_PRINCIPAL_NAME",
    "PR_ROH_PROXY_SERVER",
    "CertProblem",
    "CertificateLoadError",
    "ContainerError",
    "ErrorMessage",
    "ExpansionLimitError",
    "InvalidCodeError",
    "MessageKind",
    "MessageNotFoundError",
    "ProfileProperty",
    "ProfileRegistryRoot",
    "ProxyCertError",
    "RelatedCode",
    "Resolution",
    "UnknownCodeError",
    "UnknownMessageKindError",
    "__version__",
    "decode",
    "from_cert_trust_status",
    "from_hresult",
    "from_openssl_verify_code",
    "from_ssl_error",
    "from_winhttp_error",
    "parse",
    "parse_file",
    "resolution_for",
    "scan",
    "scan_file",
    "unmapped_cert_trust_bits",
    "where_to_look",
]


# Where each public name not imported above is defined: those modules load on first use
# (PEP 562).  The scanner, the message record (and with it attrs) and the tables of codes from
# other tools cost most of the import, and a program, or a command such as `proxycert decode`,
# often needs none of them.  A test keeps this table in step with __all__ and with the
# modules' own __all__.
_LAZY = {
    "ErrorMessage": "_message",
    "parse": "_scan",
    "scan": "_scan",
    "parse_file": "_files",
    "scan_file": "_files",
    "RelatedCode": "_crossref_tables",
    **dict.fromkeys(
        [
            "from_cert_trust_status",
            "from_hresult",
            "from_openssl_verify_code",
            "from_ssl_error",
            "from_winhttp_error",
            "unmapped_cert_trust_bits",
        ],
        "_crossref",
    ),
    **dict.fromkeys(
        [
            "GLOBAL_PROFILE_SECTION",
            "PROFILE_REGISTRY_ROOTS",
            "PR_ROH_FLAGS",
            "PR_ROH_PROXY_AUTH_SCHEME",
            "PR_ROH_PROXY_PRINCIPAL_NAME",
            "PR_ROH_PROXY_SERVER",
            "ProfileProperty",
            "ProfileRegistryRoot",
            "where_to_look",
        ],
        "_profile",
    ),
}


def __getattr__(name: str) -> Any:
    # Only the module that defines the name loads.  Plain relative imports: the no-network
    # test allows no dynamic import.
    where = _LAZY.get(name)
    if where == "_message":
        from . import _message

        value = getattr(_message, name)
    elif where == "_scan":
        from . import _scan

        value = getattr(_scan, name)
    elif where == "_files":
        from . import _files

        value = getattr(_files, name)
    elif where == "_crossref_tables":
        from . import _crossref_tables

        value = getattr(_crossref_tables, name)
    elif where == "_crossref":
        from . import _crossref

        value = getattr(_crossref, name)
    elif where == "_profile":
        from . import _profile

        value = getattr(_profile, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
