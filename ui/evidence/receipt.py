"""The receipt a requester takes home: what was asked, what was handed over, and the
fingerprints (SHA-256) that let anyone check the files later. Printed to PDF."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.api import parse
from app.timefmt import format_wib

CONTEXT = "Receipt"


RECEIPT_SHA_TEXT = QT_TRANSLATE_NOOP(
    "Receipt", "SHA-256 of this receipt's file (receipt.json in the package)")

# lupdate finds the receipt's words here; _tr translates them where they are used.
_TEXTS = frozenset((
    QT_TRANSLATE_NOOP("Receipt", "Request"),
    QT_TRANSLATE_NOOP("Receipt", "Requester"),
    QT_TRANSLATE_NOOP("Receipt", "Incident"),
    QT_TRANSLATE_NOOP("Receipt", "Reason"),
    QT_TRANSLATE_NOOP("Receipt", "Case number"),
    QT_TRANSLATE_NOOP("Receipt", "Recorded by"),
    QT_TRANSLATE_NOOP("Receipt", "Approved by"),
    QT_TRANSLATE_NOOP("Receipt", "MP4:"),
    QT_TRANSLATE_NOOP("Receipt", "not finished"),
    QT_TRANSLATE_NOOP("Receipt", "Manifest:"),
    QT_TRANSLATE_NOOP("Receipt", "Pantau — evidence receipt"),
    QT_TRANSLATE_NOOP("Receipt", "Footage handed over"),
    QT_TRANSLATE_NOOP("Receipt", "Camera"),
    QT_TRANSLATE_NOOP("Receipt", "Contained (WIB, UTC)"),
    QT_TRANSLATE_NOOP("Receipt", "File"),
    QT_TRANSLATE_NOOP("Receipt", "SHA-256 of the MP4 / of the manifest"),
    QT_TRANSLATE_NOOP("Receipt", "Signed by server"),
    QT_TRANSLATE_NOOP("Receipt", "key"),
    QT_TRANSLATE_NOOP("Receipt", "Anyone can check the files with: python -m app.verify FOLDER --key KEY.pem"),  # noqa: E501
    RECEIPT_SHA_TEXT,
))


def _tr(text: str) -> str:
    assert text in _TEXTS, f"mark {text!r} in _TEXTS for translation"
    return QCoreApplication.translate(CONTEXT, text)


def _when(wire: str | None) -> str:
    if not wire:
        return "-"
    at = parse.parse_time(wire)
    return f"{format_wib(at)} ({wire})"


def receipt_html(receipt: dict[str, Any], receipt_sha256: str = "") -> str:
    """The receipt as printed; ``receipt_sha256`` (of the server's receipt bytes) ties
    the paper to the receipt.json the requester's package holds."""
    req = receipt["request"]
    e = html.escape
    rows = [
        (_tr("Request"), f"#{req['id']} — {e(req['state'])}"),
        (_tr("Requester"), f"{e(req['requester_name'])}, {e(req['requester_contact'])}"),
        (_tr("Incident"), f"{_when(req['incident_at'])}, {e(req['incident_place'])}"),
        (_tr("Reason"), e(req["reason"])),
        (_tr("Case number"), e(req.get("case_number") or "-")),
        (_tr("Recorded by"), e(req["created_by"])),
        (_tr("Approved by"), f"{e(req.get('decided_by') or '-')}, "
                             f"{_when(req.get('decided_at'))}"),
    ]
    table = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    exports = []
    for item in receipt["exports"]:
        exports.append(
            "<tr>"
            f"<td>{e(item['camera_id'])}<br/>{e(item.get('camera_name') or '')}</td>"
            f"<td>{_when(item.get('actual_start'))}<br/>{_when(item.get('actual_end'))}</td>"
            f"<td>{e(item.get('file_name') or '-')}.mp4<br/>{item.get('bytes') or 0} bytes</td>"
            f"<td>{_tr('MP4:')}<br/><tt>{e(item.get('sha256') or _tr('not finished'))}</tt>"
            f"<br/>{_tr('Manifest:')}<br/><tt>{e(item.get('manifest_sha256') or '-')}</tt>"
            "</td></tr>")
    return (
        f"<h2>{_tr('Pantau — evidence receipt')}</h2>"
        f"<table cellspacing='4'>{table}</table>"
        f"<h3>{_tr('Footage handed over')}</h3>"
        "<table border='1' cellspacing='0' cellpadding='4'>"
        f"<tr><th>{_tr('Camera')}</th><th>{_tr('Contained (WIB, UTC)')}</th>"
        f"<th>{_tr('File')}</th><th>{_tr('SHA-256 of the MP4 / of the manifest')}</th></tr>"
        + "".join(exports) + "</table>"
        f"<p>{_tr('Signed by server')} <tt>{e(receipt['server_id'])}</tt>, "
        f"{_tr('key')} <tt>{e(receipt['key_id'])}</tt>. "
        + _tr("Anyone can check the files with: python -m app.verify FOLDER --key KEY.pem")
        + "</p>"
        + (f"<p>{_tr(RECEIPT_SHA_TEXT)}:<br/><tt>{e(receipt_sha256)}</tt></p>"
           if receipt_sha256 else ""))


def write_receipt_pdf(receipt: dict[str, Any], path: Path, receipt_sha256: str = "") -> None:
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle(_tr("Pantau — evidence receipt"))
    document = QTextDocument()
    document.setHtml(receipt_html(receipt, receipt_sha256))
    document.print_(writer)
