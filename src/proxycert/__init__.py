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

from ._crossref import (
    RelatedCode,
    from_cert_trust_status,
    from_hresult,
    from_openssl_verify_code,
    from_ssl_error,
    from_winhttp_error,
    unmapped_cert_trust_bits,
)
from ._errors import (
    InvalidCodeError,
    MessageNotFoundError,
    ProxyCertError,
    UnknownCodeError,
    UnknownMessageKindError,
)
from ._flags import CertProblem, decode
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
from ._resolutions import MessageKind, Resolution, resolution_for
from ._scan import parse, scan, scan_file

__version__ = "0.1.0"

__all__ = [
    "GLOBAL_PROFILE_SECTION",
    "PROFILE_REGISTRY_ROOTS",
    "PR_ROH_FLAGS",
    "PR_ROH_PROXY_AUTH_SCHEME",
    "PR_ROH_PROXY_PRINCIPAL_NAME",
    "PR_ROH_PROXY_SERVER",
    "CertProblem",
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

# Public names say where users import them from, in tracebacks, reprs and pickles.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) or callable(_obj):
        _obj.__module__ = __name__
del _name, _obj


def __dir__() -> list[str]:
    return list(__all__)
