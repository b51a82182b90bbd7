"""SOAP 1.2 envelopes and faults as ONVIF devices write them.

Requests are parsed with ElementTree; responses are short hand-written XML (camsim is
the device side, so it only has to write what ONVIF clients read).
"""

from __future__ import annotations

import enum
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http import HTTPStatus
from xml.sax.saxutils import escape, quoteattr

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
CONTENT_TYPE = "application/soap+xml; charset=utf-8"


class FaultCode(enum.Enum):
    SENDER = "s:Sender"
    RECEIVER = "s:Receiver"


@dataclass
class SoapFault(Exception):
    """A SOAP fault with ONVIF ``ter:`` subcodes (outermost first)."""

    code: FaultCode
    subcodes: tuple[str, ...]
    reason: str
    status: HTTPStatus = field(default=HTTPStatus.BAD_REQUEST)

    def __post_init__(self) -> None:
        if self.code is FaultCode.RECEIVER and self.status is HTTPStatus.BAD_REQUEST:
            self.status = HTTPStatus.INTERNAL_SERVER_ERROR


def not_authorized() -> SoapFault:
    return SoapFault(FaultCode.SENDER, ("ter:NotAuthorized",), "Sender not authorized")


def invalid_arg(subcode: str, reason: str) -> SoapFault:
    return SoapFault(FaultCode.SENDER, ("ter:InvalidArgVal", f"ter:{subcode}"), reason)


def action_not_supported(subcode: str, reason: str) -> SoapFault:
    return SoapFault(FaultCode.RECEIVER, ("ter:ActionNotSupported", f"ter:{subcode}"), reason)


@dataclass(frozen=True)
class Request:
    header: ET.Element | None
    operation: ET.Element  # the first child of the Body

    @property
    def namespace(self) -> str:
        return self.operation.tag.split("}")[0].lstrip("{")

    @property
    def name(self) -> str:
        return self.operation.tag.split("}")[-1]


def parse_request(raw: bytes) -> Request:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise SoapFault(FaultCode.SENDER, ("ter:WellFormed",), f"not XML: {exc}") from None
    if root.tag != f"{{{NS['s']}}}Envelope":
        raise SoapFault(
            FaultCode.SENDER, ("ter:WellFormed",), "not a SOAP 1.2 envelope (use SOAP 1.2)"
        )
    body = root.find("s:Body", NS)
    if body is None or len(body) == 0:
        raise SoapFault(FaultCode.SENDER, ("ter:WellFormed",), "empty SOAP body")
    return Request(root.find("s:Header", NS), body[0])


def envelope(body: str) -> bytes:
    declarations = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NS.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope {declarations}>'
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


def fault_envelope(fault: SoapFault) -> bytes:
    subcode = ""
    for value in reversed(fault.subcodes):
        subcode = f"<s:Subcode><s:Value>{value}</s:Value>{subcode}</s:Subcode>"
    return envelope(
        f"<s:Fault><s:Code><s:Value>{fault.code.value}</s:Value>{subcode}</s:Code>"
        f'<s:Reason><s:Text xml:lang="en">{escape(fault.reason)}</s:Text></s:Reason>'
        "</s:Fault>"
    )


def el(tag: str, content: object = "", **attrs: object) -> str:
    """One element; ``content`` is trusted XML when str, escaped text otherwise."""
    attr_text = "".join(f" {k}={quoteattr(_text(v))}" for k, v in attrs.items())
    body = content if isinstance(content, str) else escape(_text(content))
    return f"<{tag}{attr_text}>{body}</{tag}>" if body else f"<{tag}{attr_text}/>"


def text(value: object) -> str:
    """Escaped character data for use inside ``el``."""
    return escape(_text(value))


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def child(parent: ET.Element | None, path: str) -> ET.Element | None:
    return None if parent is None else parent.find(path, NS)


def child_text(parent: ET.Element | None, path: str) -> str | None:
    node = child(parent, path)
    return None if node is None or node.text is None else node.text.strip()


_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?"
    r"(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)


def parse_duration(value: str) -> float:
    """Seconds of an xs:duration without years or months (``PT5S``, ``PT1M0.5S``)."""
    match = _DURATION.match(value.strip())
    if not match or value.strip() in ("P", "PT"):
        raise invalid_arg("InvalidDuration", f"not a supported xs:duration: {value!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return (
        parts.get("d", 0) * 86400 + parts.get("h", 0) * 3600 + parts.get("m", 0) * 60
        + parts.get("s", 0)
    )


def format_duration(seconds: float) -> str:
    return f"PT{seconds:g}S"
