"""One alarm rule, new or changed: its name, kind, a camera or an area, the hours it is
armed, how long the condition must hold, the crowd threshold, and for motion on one
camera the zone drawn on that camera's current picture. The checks are
app/alarms/rule_form.py's; the rules service sends it and says when the server took it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QTime, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.alarms.rule_form import cleaned, problems
from app.alarms.rules import AlarmRulesService
from app.alarms.types import MAX_HOLD_S, AlarmKind, AlarmRule, RuleHours
from app.api.errors import ApiErrorKind
from app.api.thumbnails import Thumbnail
from app.services.cameras import CameraService
from app.services.thumbnails import ThumbnailService
from ui.alarms.texts import kind_name, rule_problem_text
from ui.alarms.zone import ZonePictureWidget

PICTURE_WIDTH = 640
PICTURE_AGE = timedelta(seconds=10)  # the recorder's latest keyframe is a little behind
HOLD_BY_KIND = -1.0  # the hold box's lowest value: send none, the server's kind default


class AlarmRuleDialog(QDialog):
    rule_sent = Signal(object)  # AlarmRule handed to the service

    def __init__(self, rules: AlarmRulesService, cameras: CameraService,
                 thumbnails: ThumbnailService | None, rule: AlarmRule | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarm-rule-dialog")
        self._rules = rules
        self._cameras = cameras
        self._thumbnails = thumbnails
        self._rule_id = rule.id if rule is not None else None
        self._picture_request: int | None = None
        self._sent = False
        self.setWindowTitle(self.tr("Alarm rule") if rule is None
                            else self.tr("Alarm rule: {0}").format(rule.name))
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("rule-name")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("rule-kind")
        for kind in AlarmKind:
            self.kind_combo.addItem(kind_name(kind), kind)
        self.camera_radio = QRadioButton(self.tr("Camera"), self)
        self.area_radio = QRadioButton(self.tr("Area"), self)
        self.camera_combo = QComboBox(self)
        self.camera_combo.setObjectName("rule-camera")
        for camera in sorted(cameras.cameras(), key=lambda c: c.name.casefold()):
            self.camera_combo.addItem(f"{camera.name} ({camera.id})", camera.id)
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("rule-area")
        for top in cameras.areas():
            self._add_area(top, 0)
        self.hours_check = QCheckBox(self.tr("Only between (WIB)"), self)
        self.hours_check.setObjectName("rule-hours")
        self.from_edit = QTimeEdit(self)
        self.from_edit.setDisplayFormat("HH:mm")
        self.to_edit = QTimeEdit(self)
        self.to_edit.setDisplayFormat("HH:mm")
        self.hold_spin = QDoubleSpinBox(self)
        self.hold_spin.setObjectName("rule-hold")
        self.hold_spin.setRange(HOLD_BY_KIND, MAX_HOLD_S)  # the lowest: the kind's default
        self.hold_spin.setDecimals(1)
        self.hold_spin.setSpecialValueText(self.tr("The kind's default"))
        self.hold_spin.setSuffix(self.tr(" s"))
        self.threshold_spin = QDoubleSpinBox(self)
        self.threshold_spin.setObjectName("rule-threshold")
        self.threshold_spin.setRange(0.01, 1.0)  # the occupancy index, 0 < t <= 1
        self.threshold_spin.setSingleStep(0.05)
        self.threshold_spin.setDecimals(2)
        self.cells_spin = QSpinBox(self)
        self.cells_spin.setObjectName("rule-min-cells")
        self.cells_spin.setRange(1, 32 * 18)
        self.enabled_check = QCheckBox(self.tr("Enabled"), self)
        self.zone = ZonePictureWidget(self)
        self.zone_hint = QLabel(self)
        self.zone_hint.setWordWrap(True)
        self.whole_button = QPushButton(self.tr("Whole picture"), self)
        self.whole_button.setObjectName("rule-zone-clear")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("rule-problems")
        self.problem_label.setStyleSheet("color: #c62828;")
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)

        scope = QHBoxLayout()
        scope.addWidget(self.camera_radio)
        scope.addWidget(self.camera_combo, 1)
        scope.addWidget(self.area_radio)
        scope.addWidget(self.area_combo, 1)
        hours = QHBoxLayout()
        hours.addWidget(self.hours_check)
        hours.addWidget(self.from_edit)
        hours.addWidget(QLabel("–", self))
        hours.addWidget(self.to_edit)
        hours.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Watches"), scope)
        form.addRow(self.tr("Hours"), hours)
        form.addRow(self.tr("Hold"), self.hold_spin)
        self._threshold_label = QLabel(self.tr("Crowd threshold"), self)
        form.addRow(self._threshold_label, self.threshold_spin)
        self._cells_label = QLabel(self.tr("Cells that must move"), self)
        form.addRow(self._cells_label, self.cells_spin)
        form.addRow("", self.enabled_check)
        zone_row = QHBoxLayout()
        zone_row.addWidget(self.zone_hint, 1)
        zone_row.addWidget(self.whole_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(zone_row)
        layout.addWidget(self.zone, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._update_fields)
        self.camera_radio.toggled.connect(self._update_fields)
        self.camera_combo.currentIndexChanged.connect(self._on_camera_combo_changed)
        self.hours_check.toggled.connect(self._update_fields)
        self.whole_button.clicked.connect(self._on_whole_button_clicked)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        rules.saved.connect(self._on_rules_saved)
        rules.failed.connect(self._on_rules_failed)
        if thumbnails is not None:
            thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
            thumbnails.thumbnail_failed.connect(self._on_thumbnails_thumbnail_failed)
        self._fill(rule)
        self.resize(620, 640)

    def _add_area(self, area, depth: int) -> None:
        self.area_combo.addItem("  " * depth + area.name, area.id)
        for child in area.children:
            self._add_area(child, depth + 1)

    # -- the form -------------------------------------------------------------------------
    def _fill(self, rule: AlarmRule | None) -> None:
        rule = rule or AlarmRule(None, "", AlarmKind.MOTION)
        self.name_edit.setText(rule.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(rule.kind))
        on_area = rule.area_id is not None and not rule.camera_id
        self.area_radio.setChecked(on_area)
        self.camera_radio.setChecked(not on_area)
        if rule.camera_id:
            self.camera_combo.setCurrentIndex(max(0, self.camera_combo.findData(rule.camera_id)))
        if rule.area_id:
            self.area_combo.setCurrentIndex(max(0, self.area_combo.findData(rule.area_id)))
        self.hours_check.setChecked(rule.hours is not None)
        start, end = (rule.hours.start, rule.hours.end) if rule.hours else (None, None)
        self.from_edit.setTime(QTime(start.hour, start.minute) if start else QTime(22, 0))
        self.to_edit.setTime(QTime(end.hour, end.minute) if end else QTime(5, 0))
        self.hold_spin.setValue(HOLD_BY_KIND if rule.hold_s is None else rule.hold_s)
        self.threshold_spin.setValue(rule.threshold if rule.threshold is not None else 0.5)
        self.cells_spin.setValue(rule.min_cells)
        self.enabled_check.setChecked(rule.enabled)
        self.zone.set_region(rule.region)
        self._update_fields()
        self._ask_picture()

    def rule(self) -> AlarmRule:
        """What the form says now (before the checks)."""
        kind = self.kind_combo.currentData()
        on_camera = self.camera_radio.isChecked()
        hours = None
        if self.hours_check.isChecked():
            start, end = self.from_edit.time(), self.to_edit.time()
            hours = RuleHours(start.toPython(), end.toPython())
        return cleaned(AlarmRule(
            self._rule_id, self.name_edit.text(), kind,
            camera_id=self.camera_combo.currentData() if on_camera else None,
            area_id=None if on_camera else self.area_combo.currentData(),
            region=self.zone.region, min_cells=self.cells_spin.value(), hours=hours,
            hold_s=None if self.hold_spin.value() <= HOLD_BY_KIND else self.hold_spin.value(),
            threshold=self.threshold_spin.value() if kind is AlarmKind.CROWD else None,
            enabled=self.enabled_check.isChecked()))

    def send(self) -> bool:
        """Check the form and hand the rule to the service; the dialog closes when the
        server took it."""
        rule = self.rule()
        found = problems(rule)
        if found:
            self.problem_label.setText("\n".join(rule_problem_text(p) for p in found))
            return False
        self.problem_label.clear()
        self._sent = True
        self.buttons.setEnabled(False)
        self._rules.save(rule)
        self.rule_sent.emit(rule)
        return True

    @Slot()
    def _update_fields(self, *_args) -> None:
        kind = self.kind_combo.currentData()
        on_camera = self.camera_radio.isChecked()
        self.camera_combo.setEnabled(on_camera)
        self.area_combo.setEnabled(not on_camera)
        self.from_edit.setEnabled(self.hours_check.isChecked())
        self.to_edit.setEnabled(self.hours_check.isChecked())
        crowd, motion = kind is AlarmKind.CROWD, kind is AlarmKind.MOTION
        self._threshold_label.setVisible(crowd)
        self.threshold_spin.setVisible(crowd)
        self._cells_label.setVisible(motion)
        self.cells_spin.setVisible(motion)
        zoned = motion and on_camera
        self.zone.setVisible(zoned)
        self.whole_button.setVisible(zoned)
        self.zone_hint.setText(
            self.tr("Drag a rectangle on the picture: only motion inside it raises the "
                    "alarm.") if zoned else
            self.tr("A zone can be drawn for a motion rule on one camera."))

    def _ask_picture(self) -> None:
        camera_id = self.camera_combo.currentData()
        self.zone.set_picture(None)
        self.zone.placeholder = self.tr("Loading the camera's picture…")
        if self._thumbnails is None or not camera_id:
            self.zone.placeholder = self.tr("No picture")
            return
        self._picture_request = self._thumbnails.request(
            camera_id, datetime.now(UTC) - PICTURE_AGE, PICTURE_WIDTH, step_s=5.0)

    # -- slots ----------------------------------------------------------------------------
    @Slot(int)
    def _on_camera_combo_changed(self, _index: int) -> None:
        self.zone.set_region(None)  # a zone is of one camera's picture
        self._ask_picture()

    @Slot()
    def _on_whole_button_clicked(self) -> None:
        self.zone.set_region(None)

    @Slot(int, object)
    def _on_thumbnails_thumbnail_ready(self, request_id: int, thumb: Thumbnail) -> None:
        if request_id == self._picture_request:
            self.zone.set_picture(QImage.fromData(thumb.jpeg))

    @Slot(int, object, str)
    def _on_thumbnails_thumbnail_failed(self, request_id: int, _kind: ApiErrorKind,
                                        _message: str) -> None:
        if request_id == self._picture_request:
            self.zone.placeholder = self.tr("No recent picture of this camera: the zone "
                                            "can still be drawn.")
            self.zone.update()

    @Slot(object)
    def _on_rules_saved(self, rule: AlarmRule) -> None:
        if self._sent and (self._rule_id is None or rule.id == self._rule_id):
            self._sent = False
            self.accept()

    @Slot(object, str)
    def _on_rules_failed(self, kind: ApiErrorKind, message: str) -> None:
        if self._sent:
            self._sent = False
            self.buttons.setEnabled(True)
            self.problem_label.setText(self.tr("The server refused the rule: {0}").format(
                message or kind.value))
