"""A minimal ONVIF SOAP 1.2 client for the camsim tests, written from the standards.

It signs requests with a WS-Security UsernameToken (PasswordDigest) built here from
the spec, independently of camsim's own code, so the tests check the wire protocol.
"""

from __future__ import annotations

import base64
import hashlib
import os
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
}
_WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_DIGEST = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordDigest"
)


@dataclass
class Reply:
    status: int
    root: ET.Element

    @property
    def body(self) -> ET.Element:
        return self.root.find("s:Body", NS)[0]

    @property
    def fault_subcodes(self) -> list[str]:
        return [v.text for v in self.root.iter(f"{{{NS['s']}}}Value")][1:]


def security_header(user: str, password: str, created_offset_s: float = 0.0) -> str:
    nonce = os.urandom(16)
    created = (datetime.now(UTC) + timedelta(seconds=created_offset_s)).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    digest = base64.b64encode(
        hashlib.sha1(nonce + created.encode() + password.encode()).digest()
    ).decode()
    return (
        f'<wsse:Security xmlns:wsse="{_WSSE}" xmlns:wsu="{_WSU}"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username>"
        f'<wsse:Password Type="{_DIGEST}">{digest}</wsse:Password>'
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{created}</wsu:Created>"
        "</wsse:UsernameToken></wsse:Security>"
    )


def call(url: str, body: str, user: str | None = None, password: str | None = None,
         created_offset_s: float = 0.0) -> Reply:
    """POST one operation (``body`` is its XML, prefixes from NS) and parse the reply."""
    header = security_header(user, password, created_offset_s) if user is not None else ""
    declarations = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NS.items())
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?><s:Envelope {declarations}>'
        f"<s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    )
    req = urllib.request.Request(
        url, data=doc.encode(), method="POST",
        headers={"Content-Type": "application/soap+xml; charset=utf-8"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return Reply(resp.status, ET.fromstring(resp.read()))
    except urllib.error.HTTPError as err:
        return Reply(err.code, ET.fromstring(err.read()))
