"""The new-request dialog: cameras ticked in a list of the user's cameras, the nearest to
the typed place suggested and ticked, and a range ending in the future refused with a
sentence the supervisor can act on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain import Camera
from app.timefmt import format_wib
from ui.evidence.request_dialog import RequestDialog

NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
JS = "Jakarta Selatan"
CAMERAS = [
    Camera("cam001", "Taman Tebet Eco Park", "a", (JS, "Tebet", "Tebet Barat", "RW 03"),
           lat=-6.2365, lon=106.8540),
    Camera("cam002", "Halte Tebet Barat", "b", (JS, "Tebet", "Tebet Barat", "RW 05"),
           lat=-6.2330, lon=106.8510),
    Camera("cam003", "Stasiun Gambir", "c", ("Jakarta Pusat", "Gambir", "Gambir", "RW 02"),
           lat=-6.1767, lon=106.8306),
]


def _dialog(qtbot, checked=()):
    dialog = RequestDialog(CAMERAS, list(checked), NOW - timedelta(minutes=30), now=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Siti Rahmawati")
    dialog.contact_edit.setText("0812-1111-2222")
    dialog.reason_edit.setPlainText("Kehilangan dompet")
    return dialog


def test_the_place_suggests_the_nearest_cameras_and_ticks_them(qtbot):
    dialog = _dialog(qtbot, checked=["cam003"])
    dialog.place_edit.setText("Jl. Tebet Barat Dalam, depan halte")
    dialog.suggest_cameras()
    assert set(dialog.picker.checked_ids()) == {"cam001", "cam002", "cam003"}
    top = [dialog.picker.list.topLevelItem(r).text(0) for r in range(2)]
    assert all("Tebet" in name for name in top)
    assert "Halte Tebet Barat" in dialog.suggest_label.text()
    dialog.place_edit.setText("Stasiun Gambir")  # a new place: the old suggestion goes
    dialog.suggest_cameras()
    assert dialog.picker.checked_ids()[0] == "cam003"
    fields = dialog.fields()
    assert fields["camera_ids"][0] == "cam003" and fields["incident_place"] == "Stasiun Gambir"
    assert fields["end"] == NOW - timedelta(minutes=25)  # five minutes after the incident


def test_a_range_ending_in_the_future_is_refused_in_the_dialog(qtbot):
    dialog = _dialog(qtbot, checked=["cam001"])
    dialog.place_edit.setText("Taman Tebet")
    dialog.end_edit.setText(format_wib(NOW + timedelta(minutes=10)))
    assert dialog.fields() is None
    assert "must end in the past" in dialog.problem_label.text()
    dialog.incident_edit.setText(format_wib(NOW - timedelta(minutes=2)))
    dialog.end_edit.setText(format_wib(NOW))
    assert dialog.fields() is not None


def test_no_camera_ticked_is_said(qtbot):
    dialog = _dialog(qtbot)
    dialog.place_edit.setText("Bandung")
    dialog.suggest_cameras()
    assert "No camera is known near this place" in dialog.suggest_label.text()
    assert dialog.fields() is None and "Tick at least one camera" in dialog.problem_label.text()
