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
    InvalidCodeError,
    MessageNotFoundError,
    ProxyCertError,
    UnknownCodeError,
    UnknownMessageKindError,
)
from ._flags import CertProblem, decode
from ._message import ErrorMessage
from ._resolutions import MessageKind, Resolution, resolution_for
from ._scan import parse, scan, scan_file

if TYPE_CHECKING:
    from ._crossref import (
        RelatedCode,
        from_cert_trust_status,
        from_hresult,
        from_openssl_verify_code,
        from_ssl_error,
        from_winhttp_error,
        unmapped_cert_trust_bits,
    )
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
    "ErrorMessage",
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
    "resolution_for",
    "scan",
    "scan_file",
    "unmapped_cert_trust_bits",
    "where_to_look",
]


def _publish(obj: Any) -> Any:
    # Public names say where users import them from, in tracebacks, reprs and pickles.
    if isinstance(obj, type) or callable(obj):
        obj.__module__ = __name__
    return obj


def __getattr__(name: str) -> Any:
    # A public name not imported above lives in a module that loads on first use (PEP 562):
    # the tables of codes from other tools and of profile properties are large, and most
    # programs never touch them.  Plain relative imports: the no-network test allows no
    # dynamic import.
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import _crossref, _profile

    module = _crossref if name in _crossref.__all__ else _profile
    value = _publish(getattr(module, name))
    globals()[name] = value
    return value


for _name in __all__:
    if _name in globals():
        _publish(globals()[_name])
del _name


def __dir__() -> list[str]:
    return list(__all__)
