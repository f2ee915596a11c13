"""The four KB 923575 error messages and the KB's three resolutions."""

from __future__ import annotations

import enum
from typing import Any

from ._errors import UnknownMessageKindError
from ._public import public

__all__ = ["MessageKind", "Resolution", "resolution_for"]


@public
class Resolution(enum.IntEnum):
    """One of the three resolutions of KB 923575, numbered as the KB numbers them.

    >>> Resolution.INSTALL_TRUSTED_ROOT.title
    'Install the trusted root certificate'
    >>> [int(kind) for kind in Resolution.EXAMINE_CERTIFICATE.message_kinds]
    [1, 2]
    """

    EXAMINE_CERTIFICATE = 1
    INSTALL_TRUSTED_ROOT = 2
    DISABLE_ADD_INS = 3

    @property
    def title(self) -> str:
        """The resolution's heading in the KB, without the message numbers.

        >>> Resolution.DISABLE_ADD_INS.title
        'Disable the third-party add-in or the third-party browser add-in'
        """
        return _RESOLUTION_TITLES[self]

    @property
    def steps(self) -> tuple[str, ...]:
        """The KB's steps, in our words, one sentence or short paragraph each.

        >>> Resolution.INSTALL_TRUSTED_ROOT.steps[0]
        'When the Certificate dialog box appears, click Install Certificate.'
        """
        return _RESOLUTION_STEPS[self]

    @property
    def causes(self) -> tuple[str, ...]:
        """The KB's listed causes that this resolution addresses.

        The KB lists the causes in one section without tying each to a resolution; the
        grouping is our inference from what each resolution does.

        >>> Resolution.DISABLE_ADD_INS.causes
        ('A third-party add-in or a third-party browser add-in is preventing access.',)
        """
        return _RESOLUTION_CAUSES[self]

    @property
    def message_kinds(self) -> tuple[MessageKind, ...]:
        """The error messages the KB applies this resolution to.

        >>> Resolution.INSTALL_TRUSTED_ROOT.message_kinds
        (<MessageKind.UNTRUSTED_CA: 3>,)
        """
        return tuple(kind for kind in MessageKind if kind.resolution is self)

    def to_dict(self) -> dict[str, Any]:
        """The resolution as a JSON-ready ``dict``: number, title, steps and causes.

        >>> Resolution.DISABLE_ADD_INS.to_dict()["causes"]
        ['A third-party add-in or a third-party browser add-in is preventing access.']
        """
        return {
            "number": int(self),
            "title": self.title,
            "steps": list(self.steps),
            "causes": list(self.causes),
        }


@public
class MessageKind(enum.IntEnum):
    """One of the four error messages of KB 923575, numbered as the KB numbers them.

    >>> MessageKind.NAME_MISMATCH.resolution
    <Resolution.EXAMINE_CERTIFICATE: 1>
    >>> MessageKind(4).template.endswith("(Error Code 0)")
    True
    """

    CERTIFICATE_PROBLEM = 1
    NAME_MISMATCH = 2
    UNTRUSTED_CA = 3
    TARGET_SITE_MISMATCH = 4

    @property
    def template(self) -> str:
        """The message as KB 923575 prints it, ``%s`` placeholders and all.

        Message 3's missing space before ``(%s)`` and its stray ``"`` are the KB's own.

        >>> MessageKind.UNTRUSTED_CA.template.endswith('this server.(%s)"')
        True
        """
        return _TEMPLATES[self]

    @property
    def resolution(self) -> Resolution:
        """The resolution the KB gives for this message.

        >>> MessageKind.UNTRUSTED_CA.resolution
        <Resolution.INSTALL_TRUSTED_ROOT: 2>
        """
        return _KIND_RESOLUTIONS[self]


@public
def resolution_for(kind: MessageKind | int) -> Resolution:
    """The KB's resolution for an error message kind (1 or 2 → 1, 3 → 2, 4 → 3).

    :param kind: a :class:`MessageKind` or its number.
    :raises UnknownMessageKindError: *kind* is not 1, 2, 3 or 4.
    :raises TypeError: *kind* is not an ``int`` (a ``bool`` is refused too).

    >>> resolution_for(3)
    <Resolution.INSTALL_TRUSTED_ROOT: 2>
    >>> resolution_for(MessageKind.TARGET_SITE_MISMATCH).title
    'Disable the third-party add-in or the third-party browser add-in'
    """
    return to_kind(kind).resolution


def to_kind(kind: MessageKind | int) -> MessageKind:
    """*kind* as a :class:`MessageKind`; the check behind every function that takes a kind."""
    if isinstance(kind, bool) or not isinstance(kind, int):
        raise TypeError(f"kind must be a MessageKind or an int, not {type(kind).__name__}")
    try:
        return MessageKind(kind)
    except ValueError:
        raise UnknownMessageKindError(kind) from None


_TEMPLATES = {
    MessageKind.CERTIFICATE_PROBLEM: (
        "There is a problem with the proxy server's security certificate, %s."
        " Outlook is unable to connect to this server. (%s)"
    ),
    MessageKind.NAME_MISMATCH: (
        "There is a problem with the proxy server's security certificate, %s."
        " The name on the security certificate is invalid or does not match the name of the site."
        " Outlook is unable to connect to this server. (%s)"
    ),
    MessageKind.UNTRUSTED_CA: (
        "There is a problem with the proxy server's security certificate, %s."
        " The security certificate is not from a trusted certifying authority."
        ' Outlook is unable to connect to this server.(%s)"'
    ),
    MessageKind.TARGET_SITE_MISMATCH: (
        "There is a problem with the proxy server's security certificate."
        " The name on the security certificate is invalid or does not match the name of the"
        " target site outlook.office365.com."
        " Outlook is unable to connect to the proxy server (Error Code 0)"
    ),
}

_KIND_RESOLUTIONS = {
    MessageKind.CERTIFICATE_PROBLEM: Resolution.EXAMINE_CERTIFICATE,
    MessageKind.NAME_MISMATCH: Resolution.EXAMINE_CERTIFICATE,
    MessageKind.UNTRUSTED_CA: Resolution.INSTALL_TRUSTED_ROOT,
    MessageKind.TARGET_SITE_MISMATCH: Resolution.DISABLE_ADD_INS,
}

_RESOLUTION_TITLES = {
    Resolution.EXAMINE_CERTIFICATE: "Examine the certificate",
    Resolution.INSTALL_TRUSTED_ROOT: "Install the trusted root certificate",
    Resolution.DISABLE_ADD_INS: "Disable the third-party add-in or the third-party browser add-in",
}

# The KB's steps in our own words.  The KB's step 1 of resolution 1 names Internet Explorer;
# the point is to open the proxy's RPC address over HTTPS and look at its certificate.
_RESOLUTION_STEPS = {
    Resolution.EXAMINE_CERTIFICATE: (
        "Open the RPC proxy server's address over HTTPS in a web browser, for example"
        " https://server_name/rpc, where server_name is the proxy server name from the message.",
        "Open the certificate by clicking the padlock icon.",
        "On the Details tab, note the Valid to field: the date until which the certificate"
        " is valid.",
        "Note the Subject field: it should match the site name.",
        "Give what you found to your system administrator, who can resolve the issue.",
    ),
    Resolution.INSTALL_TRUSTED_ROOT: (
        "When the Certificate dialog box appears, click Install Certificate.",
        "Click Next.",
        "Select Place all certificates in the following store.",
        "Click Browse, select Trusted Root Certification Authorities, and click OK.",
        "Click Next, then Finish, then OK.",
    ),
    Resolution.DISABLE_ADD_INS: (
        "Start Outlook in safe mode (Start > Run, type outlook.exe /safe, click OK). If it"
        " connects in safe mode, a third-party add-in is the likely cause.",
        "In Outlook, open File > Options > Add-Ins, choose COM Add-ins in the Manage box and"
        " click Go.",
        "Clear the check box of each third-party add-in you want to disable, then restart Outlook.",
        "Outlook uses Internet Explorer's settings for HTTP requests: if a third-party browser"
        " add-in is the cause, disable it in Internet Explorer's add-ons.",
    ),
}

_RESOLUTION_CAUSES = {
    Resolution.EXAMINE_CERTIFICATE: (
        "The certificate may be invalid or revoked.",
        "The certificate doesn't match the name of the site.",
    ),
    Resolution.INSTALL_TRUSTED_ROOT: (
        "The connection to the server requires a certification authority (CA).",
        "You haven't trusted the certification authority at the root.",
    ),
    Resolution.DISABLE_ADD_INS: (
        "A third-party add-in or a third-party browser add-in is preventing access.",
    ),
}
